// exp over a batch of arguments in [-700, 0], vectorised: the pair weights of the input
// distance (runtime/src/input_distance.cpp), where glibc's scalar exp was a fifth of pair
// collection's time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace lsm {

// exp(x) = 2^n exp(r), n = round(x / ln 2), r = x - n ln 2 in [-ln2/2, ln2/2] (Cody–Waite: ln 2
// in two parts, the first with 32 trailing zero bits so that n * ln2High is exact), exp(r) by
// its Taylor series to r^13 (the rest is below 4e-18 of it), 2^n written into the exponent
// bits. No branch and no table, so that expInPlace's loop vectorises; arguments below -708
// would leave the normal range, and the callers' are above -700. Inline for the scalar
// weights at the grid's ends (input_distance.cpp), where glibc's exp was 9% of a distance.
inline double expNonPositive(double x) {
  constexpr double log2e = 1.4426950408889634074;
  constexpr double ln2High = 6.93147180369123816490e-01, ln2Low = 1.90821492927058770002e-10;
  // Adding 1.5 * 2^52 rounds to an integer and leaves it, in two's complement, in the low bits.
  constexpr double shifter = 0x1.8p52;
  const double t = x * log2e + shifter;
  const double n = t - shifter;
  std::uint64_t bits = 0;
  std::memcpy(&bits, &t, sizeof bits);
  const double r = (x - n * ln2High) - n * ln2Low;
  // Horner's scheme, written out so that expInPlace's loop is a single basic block.
  double p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  const std::uint64_t scaleBits = (bits + 1023) << 52;
  double scale = 0;
  std::memcpy(&scale, &scaleBits, sizeof scale);
  return p * scale;
}

// values[k] = exp(values[k]) for every k < count, to within one unit in the last place of
// glibc's exp, for arguments in [-700, 0] (the input distance's are in [-40.5, 0]).
void expInPlace(double* values, std::size_t count);

}  // namespace lsm
