#include "gaussian_weights.hpp"

#include <cstdint>
#include <cstring>

#include "host_clones.hpp"

namespace lsm {

namespace {

// exp(x) = 2^n exp(r), n = round(x / ln 2), r = x - n ln 2 in [-ln2/2, ln2/2] (Cody–Waite: ln 2
// in two parts, the first with 32 trailing zero bits so that n * ln2High is exact), exp(r) by
// its Taylor series to r^13 (the rest is below 4e-18 of it), 2^n written into the exponent
// bits. No branch and no table, so that the loop below vectorises; arguments below -708
// would leave the normal range, and the caller's are above -700.
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
  // Horner's scheme, written out so that the loop in expInPlace is a single basic block.
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

}  // namespace

// AVX2 where the host has it (host_clones.hpp): 4 arguments an instruction, 4x glibc's exp.
LSM_AVX2_CLONES void expInPlace(double* values, std::size_t count) {
  for (std::size_t k = 0; k < count; ++k) values[k] = expNonPositive(values[k]);
}

}  // namespace lsm
