// Orchestrates the builders over the policy's files, then checks reason codes and messages
// across the whole policy (declared, used, both languages, fillable placeholders).
#include "engine/model/policy_builder.h"

#include "engine/syntax/node_index.h"

#include <fmt/format.h>

#include <set>

#include "engine/model/build_context.h"
#include "engine/model/placeholders.h"
#include "engine/source/did_you_mean.h"

namespace refund::model {
namespace {

constexpr std::string_view kSections[] = {"policy", "include", "payment_types", "tenders", "windows",
                                          "quotas", "formulas", "order_rules", "item_rules", "notes",
                                          "score", "review", "codes", "labels"};

// Each top-level section, wherever it was written (a section may appear in one file only).
std::map<std::string, const syntax::Node*> CollectSections(BuildContext& ctx,
                                                           const std::vector<PolicyDocument>& documents) {
  std::map<std::string, const syntax::Node*> sections;
  std::map<std::string, const syntax::Node*> keys;
  for (const PolicyDocument& doc : documents) {
    if (!doc.root || doc.root->IsNull()) continue;
    if (!ctx.ExpectMap(*doc.root, "a policy file")) continue;
    ctx.CheckKeys(*doc.root, {"policy", "include", "payment_types", "tenders", "windows", "quotas", "formulas",
                              "order_rules", "item_rules", "notes", "score", "review", "codes", "labels"});
    for (const auto& [key, value] : doc.root->entries()) {
      if (key.text() == "include") continue;
      auto [it, fresh] = sections.emplace(key.text(), &value);
      if (!fresh) {
        auto at = keys[key.text()]->location();
        ctx.Error(key, "P109", fmt::format("section `{}` is already defined at {}:{}", key.text(),
                                           keys[key.text()]->file().path(), at.line));
      } else {
        keys[key.text()] = &key;
      }
    }
  }
  return sections;
}

struct CodeUse {
  std::string code;
  SourceRef where;
  const std::optional<Message>* message;
  MessageSite site;
  const Rule* rule;
};

void CollectRuleCodes(const std::vector<Rule>& rules, MessageSite site, std::vector<CodeUse>& uses) {
  for (const Rule& rule : rules) {
    if (!rule.code.empty()) uses.push_back({rule.code, rule.where, &rule.message, site, &rule});
    if (!rule.orphan_code.empty()) uses.push_back({rule.orphan_code, rule.where, &rule.message, site, &rule});
    for (const Also& also : rule.also) uses.push_back({also.code, also.where, nullptr, site, &rule});
    CollectRuleCodes(rule.children, site, uses);
  }
}

std::vector<CodeUse> CollectCodeUses(const Policy& policy) {
  std::vector<CodeUse> uses;
  CollectRuleCodes(policy.order_rules, MessageSite::kOrderRule, uses);
  CollectRuleCodes(policy.item_rules, MessageSite::kItemRule, uses);
  for (const Formula& f : policy.formulas) {
    for (const FormulaExit& g : f.guards) uses.push_back({g.code, g.where, nullptr, MessageSite::kItemRule, nullptr});
    if (f.unavailable) uses.push_back({f.unavailable->code, f.unavailable->where, nullptr, MessageSite::kItemRule, nullptr});
  }
  for (const Note& n : policy.notes) uses.push_back({n.code, n.where, &n.message, MessageSite::kNote, nullptr});
  for (const ReviewRule& r : policy.review) uses.push_back({r.code, r.where, nullptr, MessageSite::kReview, nullptr});
  if (!policy.review_code.empty()) uses.push_back({policy.review_code, {}, nullptr, MessageSite::kScore, nullptr});
  return uses;
}


std::vector<const syntax::Node*> Roots(const std::vector<PolicyDocument>& documents) {
  std::vector<const syntax::Node*> roots;
  for (const PolicyDocument& doc : documents) roots.push_back(doc.root);
  return roots;
}

// Finds the YAML a construct was built from (through an index built once: see NodeIndex).
class CodeLocator {
 public:
  explicit CodeLocator(const std::vector<PolicyDocument>& documents) : documents_(documents), index_(Roots(documents)) {}

  // The node of `kind` written at `where`, so that a check made on the model can still point at the exact
  // token (with its line); nullptr when none is found.
  const syntax::Node* Find(const SourceRef& where, syntax::NodeKind kind) const {
    return index_.At(where.file, where.line, where.column, kind);
  }

  // The scalar naming `code` in the construct written at `where` (`code:` or `orphan_code:`);
  // the policy's `review_code` when `where` is empty.
  const syntax::Node* CodeValue(const SourceRef& where, const std::string& code) const {
    if (where.line == 0) {
      for (const PolicyDocument& doc : documents_) {
        const syntax::Node* settings = doc.root ? doc.root->Find("policy") : nullptr;
        if (auto* value = settings ? settings->Find("review_code") : nullptr) return value;
      }
      return nullptr;
    }
    const syntax::Node* map = Find(where, syntax::NodeKind::kMap);
    for (const char* key : {"code", "orphan_code"}) {
      const syntax::Node* value = map ? map->Find(key) : nullptr;
      if (value && value->IsScalar() && value->text() == code) return value;
    }
    return nullptr;
  }

  // A rule whose `window` or formula is unknown has its P106; what its message could fill
  // is then unknowable, so its placeholders are not judged.
  bool NamesUnknownWindowOrFormula(const Rule& rule) const {
    if (rule.refund == RefundKind::kFormula && rule.formula < 0) return true;
    const syntax::Node* map = Find(rule.where, syntax::NodeKind::kMap);
    return rule.window < 0 && map && map->Find("window");
  }

 private:
  const std::vector<PolicyDocument>& documents_;
  syntax::NodeIndex index_;
};

void CheckCodes(const Policy& policy, const CodeLocator& locate, std::vector<Diagnostic>& diagnostics) {
  std::vector<CodeUse> uses = CollectCodeUses(policy);
  std::vector<std::string> declared;
  for (const Code& c : policy.codes) declared.push_back(c.name);
  std::set<std::string> used;
  for (const CodeUse& use : uses) {
    used.insert(use.code);
    const Code* code = policy.FindCode(use.code);
    if (!code) {
      std::string message = fmt::format("reason code `{}` is not declared in `codes`", use.code);
      const syntax::Node* at = locate.CodeValue(use.where, use.code);
      Diagnostic d = at ? syntax::ErrorAt(*at, "M301", std::move(message))
                        : DiagnosticAt(use.where, Severity::kError, "M301", std::move(message));
      d.help = DidYouMeanHelp(use.code, declared);
      diagnostics.push_back(std::move(d));
      continue;
    }
    if (use.rule && locate.NamesUnknownWindowOrFormula(*use.rule)) continue;  // P106 said it
    const Message& message = use.message && *use.message ? **use.message : code->message;
    const syntax::Node* message_map = locate.Find(message.where, syntax::NodeKind::kMap);
    for (const char* language : {"en", "zh"}) {
      const std::string& text = std::string_view(language) == "en" ? message.en : message.zh;
      const syntax::Node* at = message_map ? message_map->Find(language) : nullptr;
      for (const std::string& name : UnfillablePlaceholders(text, use.site, policy, use.rule)) {
        std::string what = fmt::format("message of `{}` uses `{{{}}}`, which {} cannot fill", use.code, name,
                                       use.rule ? fmt::format("rule `{}`", use.rule->id) : std::string("this place"));
        const size_t offset = at && at->IsScalar() ? at->text().find("{" + name + "}") : std::string::npos;
        diagnostics.push_back(offset != std::string::npos
                                  ? syntax::ErrorIn(*at, offset, name.size() + 2, "M303", std::move(what))
                                  : DiagnosticAt(message.where, Severity::kError, "M303", std::move(what)));
      }
    }
  }
  for (const Code& c : policy.codes) {
    if (used.count(c.name)) continue;
    std::string what = fmt::format("reason code `{}` is declared but never used", c.name);
    const syntax::Node* at = locate.Find(c.where, syntax::NodeKind::kScalar);
    diagnostics.push_back(at ? syntax::WarningAt(*at, "M304", std::move(what))
                             : DiagnosticAt(c.where, Severity::kWarning, "M304", std::move(what)));
  }
}

void ComputeDecisionTenders(Policy& policy) {
  std::set<Tender> returned;
  for (const TenderSet& set : policy.tender_sets) returned.insert(set.tenders.begin(), set.tenders.end());
  for (Tender t : kAllTenders)
    if (returned.count(t)) policy.decision_tenders.push_back(t);
}

}  // namespace

BuiltPolicy BuildPolicy(const std::vector<PolicyDocument>& documents) {
  BuiltPolicy result;
  auto policy = std::make_shared<Policy>();
  BuildContext ctx(result.diagnostics);
  auto sections = CollectSections(ctx, documents);
  auto section = [&](const char* name) -> const syntax::Node* {
    auto it = sections.find(name);
    return it == sections.end() ? nullptr : it->second;
  };
  if (auto* s = section("policy")) BuildSettings(ctx, *s, *policy);
  else if (!documents.empty() && documents[0].root) ctx.Error(*documents[0].root, "P102", "a policy needs a `policy` section (name, version, time_zone, currency, rounding)");
  if (auto* s = section("payment_types")) BuildPaymentTypes(ctx, *s, *policy);
  BuildTenders(ctx, section("tenders"), *policy);
  if (auto* s = section("codes")) BuildCodes(ctx, *s, *policy);
  if (auto* s = section("labels")) BuildLabels(ctx, *s, *policy);

  std::map<std::string, int, std::less<>> window_names;
  ctx.base_scope.payment_types = &policy->payment_types;
  ctx.base_scope.currency = policy->currency;
  if (auto* s = section("windows")) BuildWindows(ctx, *s, *policy);
  for (size_t i = 0; i < policy->windows.size(); ++i) window_names[policy->windows[i].name] = static_cast<int>(i);
  ctx.base_scope.windows = &window_names;
  if (auto* s = section("quotas")) BuildQuotas(ctx, *s, *policy);
  if (auto* s = section("formulas")) BuildFormulas(ctx, *s, *policy);
  if (auto* s = section("order_rules")) BuildRules(ctx, *s, false, *policy);
  if (auto* s = section("item_rules")) BuildRules(ctx, *s, true, *policy);
  else if (!documents.empty() && documents[0].root) ctx.Error(*documents[0].root, "P102", "a policy needs `item_rules`");
  if (auto* s = section("notes")) BuildNotes(ctx, *s, *policy);
  if (auto* s = section("score")) BuildScore(ctx, *s, *policy);
  if (auto* s = section("review")) BuildReview(ctx, *s, *policy);
  ctx.base_scope.windows = nullptr;  // points into this frame

  CheckCodes(*policy, CodeLocator(documents), result.diagnostics);
  IndexCodes(*policy);
  ComputeDecisionTenders(*policy);
  SortDiagnostics(result.diagnostics);
  result.model = policy;
  if (!HasErrors(result.diagnostics)) result.policy = std::move(policy);
  return result;
}

const Code* Policy::FindCode(std::string_view name) const {
  auto it = code_index.find(name);
  return it == code_index.end() ? nullptr : &codes[it->second];
}

const Message* Policy::MessageOf(int code_index, const Rule* rule) const {
  if (code_index < 0) return nullptr;
  const Code& declared = codes[code_index];
  if (declared.note_message >= 0) return &*notes[declared.note_message].message;
  if (rule && rule->message && rule->code_index == code_index) return &*rule->message;
  return &declared.message;
}

namespace {

int IndexOf(const Policy& policy, const std::string& code) {
  auto it = policy.code_index.find(code);
  return it == policy.code_index.end() ? -1 : static_cast<int>(it->second);
}

void IndexRuleCodes(const Policy& policy, std::vector<Rule>& rules) {
  for (Rule& rule : rules) {
    rule.code_index = IndexOf(policy, rule.code);
    rule.orphan_code_index = IndexOf(policy, rule.orphan_code);
    for (Also& also : rule.also) also.code_index = IndexOf(policy, also.code);
    IndexRuleCodes(policy, rule.children);
  }
}

}  // namespace

void IndexCodes(Policy& policy) {
  IndexRuleCodes(policy, policy.order_rules);
  IndexRuleCodes(policy, policy.item_rules);
  for (Formula& formula : policy.formulas) {
    for (FormulaExit& guard : formula.guards) guard.code_index = IndexOf(policy, guard.code);
    if (formula.unavailable) formula.unavailable->code_index = IndexOf(policy, formula.unavailable->code);
  }
  for (size_t i = 0; i < policy.notes.size(); ++i) {
    Note& note = policy.notes[i];
    note.code_index = IndexOf(policy, note.code);
    if (note.message && note.code_index >= 0) policy.codes[note.code_index].note_message = static_cast<int>(i);
  }
  for (ReviewRule& rule : policy.review) rule.code_index = IndexOf(policy, rule.code);
  policy.review_code_index = IndexOf(policy, policy.review_code);
}

void Policy::AddCode(Code code) {
  code_index.emplace(code.name, codes.size());  // a name declared twice keeps its first index
  codes.push_back(std::move(code));
}

std::string_view TenderName(Tender tender) {
  switch (tender) {
    case Tender::kCash: return "cash";
    case Tender::kStoredCard: return "stored_card";
    case Tender::kVoucher: return "voucher";
    case Tender::kCoupon: return "coupon";
  }
  return "?";
}

Diagnostic DiagnosticAt(const SourceRef& where, Severity severity, std::string code, std::string message) {
  Diagnostic d;
  d.code = std::move(code);
  d.severity = severity;
  d.file = where.file;
  d.line = where.line;
  d.column = where.column;
  d.message = std::move(message);
  return d;
}

}  // namespace refund::model
