// Names of the rounding modes as policies spell them.
#include "refund/money.h"

namespace refund {

std::optional<Rounding> ParseRounding(std::string_view name) {
  if (name == "half_up") return Rounding::kHalfUp;
  if (name == "half_even") return Rounding::kHalfEven;
  if (name == "floor") return Rounding::kFloor;
  if (name == "ceil") return Rounding::kCeil;
  return std::nullopt;
}

std::string_view RoundingName(Rounding rounding) {
  switch (rounding) {
    case Rounding::kHalfUp: return "half_up";
    case Rounding::kHalfEven: return "half_even";
    case Rounding::kFloor: return "floor";
    case Rounding::kCeil: return "ceil";
  }
  return "half_up";
}

}  // namespace refund
