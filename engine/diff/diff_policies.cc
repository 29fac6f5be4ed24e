// The diff stage's loop: read, parse under each policy, evaluate twice (on `jobs` threads),
// accumulate in input order.
#include "engine/diff/diff_policies.h"

#include "engine/diff/diff_builder.h"
#include "engine/parallel/ordered_records.h"

namespace refund::diff {
namespace {

// One record decided under both policies; `valid` false when it is not an order under one of them
// (`validity` then says which).
struct DecidedPair {
  int64_t line = 0;
  bool valid = false;
  Validity validity = Validity::kInvalidUnderBoth;
  std::string currency;
  int digits = 2;
  Decision base;
  Decision candidate;
};

// `same_settings`: both policies read orders alike (currency, aliases), so one parse serves both.
DecidedPair DecideBoth(const CompiledPolicy& base, const OrderSettings& base_settings,
                       const CompiledPolicy& candidate, const OrderSettings& candidate_settings,
                       bool same_settings, const InputRecord& record) {
  DecidedPair pair;
  pair.line = record.number;
  if (record.error) return pair;
  thread_local Order order, candidate_order;  // read into line after line (ParseOrderInto)
  const bool base_valid = !ParseOrderInto(record.text, base_settings, order);
  const bool candidate_valid =
      same_settings ? base_valid : !ParseOrderInto(record.text, candidate_settings, candidate_order);
  if (base_valid != candidate_valid) pair.validity = base_valid ? Validity::kBecameInvalid : Validity::kBecameValid;
  if (!base_valid || !candidate_valid) return pair;
  pair.valid = true;
  pair.currency = std::string(order.currency.code());
  pair.digits = order.currency.digits();
  pair.base = Evaluate(base, order, {});
  pair.candidate = Evaluate(candidate, same_settings ? order : candidate_order, {});
  return pair;
}

}  // namespace

DiffReport DiffPolicies(const CompiledPolicy& base, const CompiledPolicy& candidate, std::istream& orders,
                        const DiffOptions& options) {
  DiffBuilder builder(base.name() + " " + base.version(), candidate.name() + " " + candidate.version(),
                      options.max_examples);
  const OrderSettings base_settings = OrderSettingsOf(base);
  const OrderSettings candidate_settings = OrderSettingsOf(candidate);
  const bool same_settings = base_settings == candidate_settings;
  OrderReader reader(orders);
  parallel::ForEachRecordInOrder<DecidedPair>(
      reader, options.jobs,
      [&](const InputRecord& record) {
        return DecideBoth(base, base_settings, candidate, candidate_settings, same_settings, record);
      },
      [&](DecidedPair&& pair) {
        if (!pair.valid) builder.AddInvalid(pair.validity);
        else builder.Add(pair.line, pair.currency, pair.digits, pair.base, pair.candidate);
        return true;
      });
  return std::move(builder).Finish();
}

}  // namespace refund::diff
