// Private to engine/money and the evaluator's number lanes: the one rule for rounding a value
// that lies strictly between two integers, shared by Ratio (128 bits) and WordRatio (64 bits).
#pragma once

#include "refund/money.h"

namespace refund::money {

// Whether floor + rem/den (0 < rem < den) rounds to floor + 1.
template <class Int>
bool RoundsUp(Rounding rounding, Int floor, Int rem, Int den) {
  const Int rest = den - rem;  // distance to floor + 1
  switch (rounding) {
    case Rounding::kFloor: return false;
    case Rounding::kCeil: return true;
    case Rounding::kHalfUp: return rem > rest || (rem == rest && floor >= 0);
    case Rounding::kHalfEven: return rem > rest || (rem == rest && floor % 2 != 0);
  }
  return false;
}

}  // namespace refund::money
