// The diff stage's loop: read, parse under each policy, evaluate twice, accumulate.
#include "engine/diff/diff_policies.h"

#include "engine/diff/diff_builder.h"

namespace refund::diff {

DiffReport DiffPolicies(const CompiledPolicy& base, const CompiledPolicy& candidate, std::istream& orders,
                        const DiffOptions& options) {
  DiffBuilder builder(base.name() + " " + base.version(), candidate.name() + " " + candidate.version(),
                      options.max_examples);
  const OrderSettings base_settings = OrderSettingsOf(base);
  const OrderSettings candidate_settings = OrderSettingsOf(candidate);
  OrderReader reader(orders);
  while (std::optional<InputRecord> record = reader.Next()) {
    if (record->error) {
      builder.AddInvalid();
      continue;
    }
    OrderResult base_order = ParseOrder(record->text, base_settings);
    OrderResult candidate_order = ParseOrder(record->text, candidate_settings);
    if (!base_order.ok() || !candidate_order.ok()) {
      builder.AddInvalid();
      continue;
    }
    const Order& order = base_order.value();
    builder.Add(record->number, std::string(order.currency.code()), order.currency.digits(),
                Evaluate(base, order, {}), Evaluate(candidate, candidate_order.value(), {}));
  }
  return std::move(builder).Finish();
}

}  // namespace refund::diff
