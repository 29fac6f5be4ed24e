// The fixed wording of explanations (see words.h) and the per-language money and date formats.
#include "engine/explain/words.h"

#include <fmt/format.h>

namespace refund::explain {
namespace {

constexpr Words kEn = {
    "Summary", "Items", "Money", "Not refunded", "What would change it", "For policy authors", "Evaluation trace",
    "Cancel the order", "Full refund", "Partial refund", "No refund",
    "carried out automatically", "needs a person's review",
    "{} of {}, {}", "{}, {}", ": ", ".", "cash", "stored card", "voucher", "coupon", "the account's score is {} (below {}):", "points",
    "routed by",
    "requested", "inside", "outside", "the window ends", "the {} ends",
    "paid", "ordered", "term starts", "term ends",
    "starts", "follows its parent {}", "the allowance for {} in {} was used by order {}", "the allowance was already used by line {} of this order",
    "{} of {} used before this line",
    "paid", "list price", "term", "refundable", "kept under the rule", "refund", "total refund", "paid back to", "not returned", "row {}", "to",
    "nothing refundable under this rule", "total not refunded",
    "available until {}", "a request from then gets: {}", "a request before {} would have got: {}", "without line {} in the request: {}",
    "from {}, when the allowance renews: {}",
    "after {}", "from {}", "the refund drops by {} to {}", "the refund rises by {} to {}",
    "no change found", "line {}",
    "; ", ": ", ", ",
    "rounded up", "rounded down", "rounded", "in whole hours",
};

constexpr Words kZh = {
    "结论", "各项目", "金额明细", "不予退还", "怎样会改变结果", "供策略作者参考", "评估轨迹",
    "取消订单", "全额退款", "部分退款", "不予退款",
    "自动处理", "需人工审核",
    "{} {}，{}", "{}，{}", "，原因：", "。", "现金", "储值卡", "代金券", "优惠券", "账户评分为 {}（低于 {}）：", "分",
    "触发规则",
    "申请于", "在期限内", "已超出期限", "期限截至", "{}截至",
    "支付于", "下单于", "服务开始于", "服务结束于",
    "起算于", "随其主资源 {} 处理", "{1} 年 {0} 的名额已被订单 {2} 使用", "名额已被本订单中的项目 {} 使用",
    "本项目之前已使用 {}/{}",
    "已支付", "目录价", "服务期", "可退金额", "按规则扣除", "退款", "退款合计", "退回至", "不退还", "第 {} 行", "至",
    "该规则下无可退金额", "不予退还合计",
    "可保持至 {}", "此后申请：{}", "若在 {} 前申请，可得：{}", "若本次申请不含项目 {}：{}",
    "自 {} 起（名额恢复）申请：{}",
    "{} 之后", "自 {} 起", "退款减少 {}，为 {}", "退款增加 {}，为 {}",
    "未发现变化", "项目 {}",
    "；", "：", "，",
    "向上取整", "向下取整", "四舍五入", "按整小时计",
};

}  // namespace

const Words& WordsFor(Language language) { return language == Language::kZh ? kZh : kEn; }

const char* TenderWord(const Words& words, std::string_view tender) {
  if (tender == "cash") return words.cash;
  if (tender == "stored_card") return words.stored_card;
  if (tender == "voucher") return words.voucher;
  return words.coupon;
}

}  // namespace refund::explain
