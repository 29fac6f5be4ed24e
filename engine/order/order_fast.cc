// ParseOrderFast (order_fast.h): JSON text to Order in one pass, for the orders nearly every
// caller sends. No JSON tree, no JSON Pointer strings: values go straight into the Order. It
// applies the tree reader's rules through the same functions (engine/money, engine/time, the
// schema's enumerations, the cross-item checks of item_links.cc) and at the first doubt gives
// up; ParseOrder then asks the tree reader, which finds and words the error. Giving up is
// never wrong, only slower, so this file words no error at all. The JSON structure it walks
// (objects of known keys, arrays) is json_objects.h; the tokens, json_tokens.h.
#include "engine/order/order_fast.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <span>

#include "engine/order/json_objects.h"
#include "engine/order/json_tokens.h"
#include "engine/order/json_tree.h"
#include "engine/order/order_parts.h"
#include "engine/schema/schema.h"

namespace refund::order {
namespace {

// The fields of each object of orders.md; each enum lists the keys of the table below it.
enum class OrderField {
  kId, kStatus, kOrderType, kPaymentType, kConvertedFrom, kCreatedAt, kPaidAt, kCurrency,
  kPromotion, kAccount, kItems, kRequest, kHistory
};
constexpr FieldSpec kOrderFields[] = {
    {"id", true}, {"status", true}, {"order_type"}, {"payment_type", true}, {"converted_from"},
    {"created_at", true}, {"paid_at"}, {"currency", true}, {"promotion"}, {"account", true},
    {"items", true}, {"request", true}, {"history"}};

enum class PromotionField { kId, kRefundable };
constexpr FieldSpec kPromotionFields[] = {{"id"}, {"refundable"}};

enum class AccountField { kId, kEntity, kChannel, kFlags };
constexpr FieldSpec kAccountFields[] = {{"id", true}, {"entity"}, {"channel"}, {"flags"}};

enum class ItemField {
  kId, kProduct, kKind, kParent, kTags, kQuantity, kListPrice, kPaid, kTerm, kUsage, kState
};
constexpr FieldSpec kItemFields[] = {
    {"id", true}, {"product", true}, {"kind", true}, {"parent"}, {"tags"}, {"quantity"},
    {"list_price", true}, {"paid", true}, {"term"}, {"usage"}, {"state"}};

enum class TenderField { kCash, kStoredCard, kVoucher, kCoupon };
constexpr FieldSpec kTenderFields[] = {{"cash"}, {"stored_card"}, {"voucher"}, {"coupon"}};

enum class TermField { kStart, kEnd };
constexpr FieldSpec kTermFields[] = {{"start", true}, {"end", true}};

enum class UsageField { kUsed, kTotal };
constexpr FieldSpec kUsageFields[] = {{"used"}, {"total"}};

enum class RequestField { kId, kAt, kItems, kReason };
constexpr FieldSpec kRequestFields[] = {{"id"}, {"at", true}, {"items"}, {"reason"}};

enum class HistoryField { kRefunds };
constexpr FieldSpec kHistoryFields[] = {{"refunds"}};

enum class RefundField { kOrderId, kProduct, kAt, kType };
constexpr FieldSpec kRefundFields[] = {
    {"order_id", true}, {"product", true}, {"at", true}, {"type", true}};

// The values orders.md lists for each enumerated field (engine/schema), looked up once.
struct EnumValues {
  using Values = std::span<const std::string_view>;
  static Values Of(std::string_view field) { return schema::FindField(field)->values; }
  Values status = Of("order.status");
  Values order_type = Of("order.order_type");
  Values channel = Of("account.channel");
  Values state = Of("item.state");
  Values refund_type = Of("refund.type");
};

// Room for this many items is made at once: most orders have fewer, so the vector rarely grows.
constexpr size_t kUsualItems = 4;

// `request.items` may name at most this many ids here; longer lists go the tree way.
constexpr size_t kMaxRequestedIds = 64;

class FastReader {
 public:
  FastReader(std::string_view json, const OrderSettings& settings)
      : tokens_(json), settings_(settings) {}

  bool ReadOrder(Order& order) {
    order.order_type = "new";
    const bool ok = ReadObject<OrderField>(tokens_, kOrderFields, [&](OrderField field) {
      switch (field) {
        case OrderField::kId: return String(order.id);
        case OrderField::kStatus: return Enum(Enums().status, order.status);
        case OrderField::kOrderType:
          return tokens_.Null() || Enum(Enums().order_type, order.order_type);
        case OrderField::kPaymentType: return String(order.payment_type_as_sent);
        case OrderField::kConvertedFrom:
          return tokens_.Null() || String(order.converted_from.emplace());
        case OrderField::kCreatedAt: return Time(order.created_at);
        case OrderField::kPaidAt: return tokens_.Null() || Time(order.paid_at.emplace());
        case OrderField::kCurrency: return Currency(order.currency);
        case OrderField::kPromotion:
          return tokens_.Null() || ReadPromotion(order.promotion.emplace());
        case OrderField::kAccount: return ReadAccount(order.account);
        case OrderField::kItems: return ReadItems(order.items);
        case OrderField::kRequest: return ReadRequest(order.request);
        case OrderField::kHistory: return tokens_.Null() || ReadHistory(order.history);
      }
      return false;
    });
    return ok && tokens_.AtEnd() && Finish(order);
  }

 private:
  static const EnumValues& Enums() {
    static const EnumValues values;
    return values;
  }

  bool String(std::string& out) {
    std::string_view text;
    if (!tokens_.String(text)) return false;
    out.assign(text);
    return true;
  }

  bool Strings(std::vector<std::string>& out) {
    return ReadArray(tokens_, [&] {
      std::string_view text;
      if (!tokens_.String(text)) return false;
      out.emplace_back(text);
      return true;
    });
  }

  bool Enum(std::span<const std::string_view> values, std::string& out) {
    std::string_view text;
    if (!tokens_.String(text)) return false;
    for (std::string_view allowed : values) {
      if (SameText(allowed, text)) {
        out.assign(text);
        return true;
      }
    }
    return false;
  }

  bool Time(Instant& out) {
    std::string_view text;
    if (!tokens_.String(text)) return false;
    for (const RecentTime& recent : recent_times_) {
      if (!text.empty() && SameText(recent.text, text)) {
        out = recent.at;
        return true;
      }
    }
    std::optional<Instant> instant = ParseTimestamp(text);
    if (!instant) return false;
    recent_times_[1] = recent_times_[0];
    recent_times_[0] = {text, *instant};
    out = *instant;
    return true;
  }

  bool Currency(refund::Currency& out) {
    std::string_view code;
    if (!tokens_.String(code)) return false;
    currency_ = OrderCurrency(code, settings_);
    if (!currency_) return false;
    out = *currency_;
    return true;
  }

  // A money string in the order's currency; nullopt also while the currency is not known (the
  // tree reader takes orders whose items come before their currency).
  std::optional<refund::Money> NextMoney() {
    std::string_view text;
    if (!currency_ || !tokens_.String(text)) return std::nullopt;
    return refund::Money::Parse(text, *currency_);
  }

  bool Money(refund::Money& out) {
    std::optional<refund::Money> money = NextMoney();
    if (money) out = *money;
    return money.has_value();
  }

  // A tender of `paid`: money, or null for none.
  bool Tender(int64_t& minor) {
    if (tokens_.Null()) return true;
    std::optional<refund::Money> money = NextMoney();
    if (money) minor = money->minor();
    return money.has_value();
  }

  bool Count(int64_t& out) {
    std::string_view digits;
    if (!tokens_.Count(digits)) return false;
    std::from_chars(digits.data(), digits.data() + digits.size(), out);  // 18 digits fit
    return true;
  }

  // A JSON integer >= 0 or an unsigned decimal string, exact.
  bool Quantity(std::optional<Ratio>& out) {
    std::string_view text;
    const bool ok = tokens_.Peek() == '"' ? tokens_.String(text) && IsUnsignedDecimal(text)
                                          : tokens_.Count(text);
    if (!ok) return false;
    out = Ratio::ParseDecimal(text);
    return out.has_value();
  }

  bool ReadPromotion(Promotion& promotion) {
    return ReadObject<PromotionField>(tokens_, kPromotionFields, [&](PromotionField field) {
      if (tokens_.Null()) return true;
      if (field == PromotionField::kId) return String(promotion.id.emplace());
      return tokens_.Bool(promotion.refundable.emplace());
    });
  }

  bool ReadAccount(Account& account) {
    return ReadObject<AccountField>(tokens_, kAccountFields, [&](AccountField field) {
      switch (field) {
        case AccountField::kId: return String(account.id);
        case AccountField::kEntity: return tokens_.Null() || String(account.entity.emplace());
        case AccountField::kChannel:
          return tokens_.Null() || Enum(Enums().channel, account.channel);
        case AccountField::kFlags: return tokens_.Null() || Strings(account.flags);
      }
      return false;
    });
  }

  bool ReadItems(std::vector<Item>& items) {
    items.reserve(kUsualItems);
    return ReadArray(tokens_, [&] { return items.size() < kMaxOrderItems && ReadItem(items.emplace_back()); }) &&
           !items.empty();
  }

  bool ReadItem(Item& item) {
    return ReadObject<ItemField>(tokens_, kItemFields, [&](ItemField field) {
      switch (field) {
        case ItemField::kId: return String(item.id);
        case ItemField::kProduct: return String(item.product);
        case ItemField::kKind: return String(item.kind);
        case ItemField::kParent: return tokens_.Null() || String(item.parent.emplace());
        case ItemField::kTags: return tokens_.Null() || Strings(item.tags);
        case ItemField::kQuantity: return tokens_.Null() || Count(item.quantity);
        case ItemField::kListPrice: return Money(item.list_price);
        case ItemField::kPaid: return ReadTenders(item.paid);
        case ItemField::kTerm: return tokens_.Null() || ReadTerm(item.term.emplace());
        case ItemField::kUsage: return tokens_.Null() || ReadUsage(item.usage.emplace());
        case ItemField::kState: return tokens_.Null() || Enum(Enums().state, item.state);
      }
      return false;
    });
  }

  bool ReadTenders(Tenders& paid) {
    return ReadObject<TenderField>(tokens_, kTenderFields, [&](TenderField field) {
      switch (field) {
        case TenderField::kCash: return Tender(paid.cash);
        case TenderField::kStoredCard: return Tender(paid.stored_card);
        case TenderField::kVoucher: return Tender(paid.voucher);
        case TenderField::kCoupon: return Tender(paid.coupon);
      }
      return false;
    });
  }

  bool ReadTerm(Term& term) {
    const bool ok = ReadObject<TermField>(tokens_, kTermFields, [&](TermField field) {
      return Time(field == TermField::kStart ? term.start : term.end);
    });
    return ok && term.end > term.start;
  }

  bool ReadUsage(Usage& usage) {
    return ReadObject<UsageField>(tokens_, kUsageFields, [&](UsageField field) {
      return tokens_.Null() || Quantity(field == UsageField::kUsed ? usage.used : usage.total);
    });
  }

  bool ReadRequest(Request& request) {
    return ReadObject<RequestField>(tokens_, kRequestFields, [&](RequestField field) {
      switch (field) {
        case RequestField::kId: return tokens_.Null() || String(request.id.emplace());
        case RequestField::kAt: return Time(request.at);
        case RequestField::kItems: return tokens_.Null() || ReadRequestedIds();
        case RequestField::kReason: return tokens_.Null() || String(request.reason.emplace());
      }
      return false;
    });
  }

  // Keeps the ids of `request.items` as views of the text: they are resolved in Finish, once
  // every item is known.
  bool ReadRequestedIds() {
    requested_given_ = true;
    return ReadArray(tokens_, [&] {
      std::string_view id;
      if (requested_ids_.size() == kMaxRequestedIds || !tokens_.String(id)) return false;
      requested_ids_.push_back(id);
      return true;
    });
  }

  bool ReadHistory(std::vector<HistoryRefund>& history) {
    return ReadObject<HistoryField>(tokens_, kHistoryFields, [&](HistoryField) {
      return tokens_.Null() || ReadArray(tokens_, [&] {
               return history.size() < kMaxHistoryRefunds && ReadRefund(history.emplace_back());
             });
    });
  }

  bool ReadRefund(HistoryRefund& refund) {
    return ReadObject<RefundField>(tokens_, kRefundFields, [&](RefundField field) {
      switch (field) {
        case RefundField::kOrderId: return String(refund.order_id);
        case RefundField::kProduct: return String(refund.product);
        case RefundField::kAt: return Time(refund.at);
        case RefundField::kType: return Enum(Enums().refund_type, refund.type);
      }
      return false;
    });
  }

  // The rules that need the whole order. The shared checks (order_parts.h) report to a
  // FieldReader nobody reads: any failure hands the text to the tree reader.
  bool Finish(Order& order) {
    if (!order.paid_at && order.status != "unpaid") return false;
    order.payment_type = CanonicalPaymentType(settings_, order.payment_type_as_sent);
    if (order.converted_from) {
      order.converted_from = CanonicalPaymentType(settings_, *order.converted_from);
    }
    if (schema::PaymentTypeRequiresTerm(order.payment_type)) {
      for (const Item& item : order.items)
        if (!item.term) return false;
    }
    FieldReader unread;
    if (!ItemIdsUnique(order.items) || !CheckPaidSum(unread, order.items, order.currency) ||
        !LinkParents(unread, order.items)) {
      return false;
    }
    if (!requested_given_) return true;
    return ResolveRequestItems(unread, "/request/items",
                               requested_ids_, order.items,
                               order.request);
  }

  Tokens tokens_;
  const OrderSettings& settings_;
  // The last two timestamps read, as written and as instants: an order repeats a few of them
  // (an item's term starts when it was paid; its sub-items share its term), and comparing the
  // text costs a fraction of reading it again.
  struct RecentTime {
    std::string_view text;
    Instant at;
  };
  std::array<RecentTime, 2> recent_times_{};
  std::optional<refund::Currency> currency_;  // once `currency` was read
  bool requested_given_ = false;
  // A vector, not an array of kMaxRequestedIds views: most orders have no `request.items`,
  // and zeroing that room cost every order about as much as reading a field.
  std::vector<std::string_view> requested_ids_;
};

}  // namespace

bool ParseOrderFast(std::string_view json, const OrderSettings& settings, Order& order) {
  return FastReader(json, settings).ReadOrder(order);
}

std::optional<Order> ParseOrderFast(std::string_view json, const OrderSettings& settings) {
  Order order;
  if (!ParseOrderFast(json, settings, order)) return std::nullopt;
  return order;
}

}  // namespace refund::order
