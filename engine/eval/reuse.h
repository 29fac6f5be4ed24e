// Overwriting vectors from the front while keeping their elements' memory: an element the
// vector no longer needs is parked in a spare pool (with its strings' and vectors' capacity)
// and taken back before anything new is allocated. Deciding orders of varying sizes into one
// reused Decision then allocates nothing once the pools have grown.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace refund::eval {

// The next element of `v` being overwritten from the front (`used` of them so far).
template <class T>
T& Next(std::vector<T>& v, size_t& used, std::vector<T>& spare) {
  if (used == v.size()) {
    if (spare.empty()) {
      v.emplace_back();
    } else {
      v.push_back(std::move(spare.back()));
      spare.pop_back();
    }
  }
  return v[used++];
}

// Shrinks `v` to its first `used` elements, parking the others in `spare`.
template <class T>
void Trim(std::vector<T>& v, size_t used, std::vector<T>& spare) {
  while (v.size() > used) {
    spare.push_back(std::move(v.back()));
    v.pop_back();
  }
}

}  // namespace refund::eval
