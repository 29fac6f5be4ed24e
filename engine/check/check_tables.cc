// First-match tables of formula steps: a row the rows above it already cover (C503), and, in a
// table without fallback row, values no row covers (C504).
#include <fmt/format.h>

#include <algorithm>

#include "engine/check/passes.h"
#include "engine/check/region.h"

namespace refund::check {
namespace {

void CheckTable(const model::Policy& policy, const model::Formula& formula, const model::Step& step,
                const Locator& locate, Work& work, std::vector<Diagnostic>& out) {
  Space space(policy, &formula, &work);
  Region covered;  // by the rows so far
  bool known = true;  // every row so far could be read
  std::vector<std::pair<const model::TableRow*, Region>> earlier;
  for (const model::TableRow& row : step.table) {
    const syntax::Node* when = locate.Field(row.where, "when");
    if (!row.when) {
      if (when) known = false;  // an error was reported
      continue;
    }
    auto region = space.FromCondition(*row.when);
    if (!region) {
      known = false;
      continue;
    }
    Region rest = *region;
    std::vector<int> lines;
    for (const auto& [e, r] : earlier) {
      if (space.Intersect(rest, r).empty()) continue;
      rest = space.Subtract(rest, r);
      lines.push_back(e->where.line);
    }
    if (space.Exhausted()) return;  // nothing computed from here on may be reported
    if (rest.empty() && !region->empty()) {
      Diagnostic d = locate.In(when, *row.when, Severity::kError, "C503",
                               fmt::format("this row of table `{}` is never reached: the {} at line{} {} cover{} every value it allows",
                                           step.name, lines.size() == 1 ? "row" : "rows", lines.size() == 1 ? "" : "s",
                                           fmt::join(lines, ", "), lines.size() == 1 ? "s" : ""),
                               row.where);
      d.help = "rows are tried top to bottom: move it above them, or change its bounds";
      out.push_back(std::move(d));
    }
    earlier.push_back({&row, *region});
  }
  if (!known || step.table.empty() || !step.table.back().when) return;
  Region hole = Space::Everything();
  for (const auto& [row, region] : earlier) hole = space.Subtract(hole, region);
  hole = space.WithoutMissing(hole);
  if (hole.empty() || space.Exhausted()) return;
  const model::TableRow& last = step.table.back();
  Diagnostic d = locate.At(locate.Map(last.where), Severity::kWarning, "C504",
                           fmt::format("no row of table `{}` covers {}", step.name, space.Describe(hole[0])), last.where);
  d.help = "such values leave the step missing; add a row for them or a fallback row `{otherwise: true, value: ...}`";
  out.push_back(std::move(d));
}

}  // namespace

void CheckTables(const model::Policy& policy, const Locator& locate, Work& work, std::vector<Diagnostic>& out) {
  for (const model::Formula& formula : policy.formulas)
    for (const model::Step& step : formula.steps)
      if (!step.table.empty() && step.table.size() <= Space::kMaxEntries) CheckTable(policy, formula, step, locate, work, out);
}

}  // namespace refund::check
