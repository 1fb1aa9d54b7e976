#include "lsm/random.hpp"

#include <Random123/philox.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "philox_blocks.hpp"

namespace lsm {

std::uint64_t hashPurpose(std::string_view purpose) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (char c : purpose) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

RandomStream::RandomStream(std::uint64_t seed, std::string_view purpose, std::uint64_t element,
                           std::uint64_t trial)
    : RandomStream(seed, HashedPurpose{hashPurpose(purpose)}, element, trial) {}

RandomStream::RandomStream(std::uint64_t seed, HashedPurpose purpose, std::uint64_t element,
                           std::uint64_t trial) {
  std::uint64_t mixed = seed ^ (purpose.hash * 0x9E3779B97F4A7C15ull);
  key_[0] = static_cast<std::uint32_t>(mixed);
  key_[1] = static_cast<std::uint32_t>(mixed >> 32);
  counter_[0] = 0;  // draw block number
  counter_[1] = static_cast<std::uint32_t>(element);
  counter_[2] = static_cast<std::uint32_t>(element >> 32);
  counter_[3] = static_cast<std::uint32_t>(trial);
}

void RandomStream::refill() {
  r123::Philox4x32 generator;
  r123::Philox4x32::ctr_type counter = {{counter_[0], counter_[1], counter_[2], counter_[3]}};
  r123::Philox4x32::key_type key = {{key_[0], key_[1]}};
  auto out = generator(counter, key);
  for (int k = 0; k < 4; ++k) buffer_[k] = out[k];
  available_ = 4;
  ++counter_[0];
}

void RandomStream::uniforms(double* values, int count) {
  int k = 0;
  while (k < count && available_ > 0) values[k++] = uniform();
  // Fewer blocks than this are drawn one at a time: a batch computes philoxBatch blocks.
  constexpr int fewestBlocks = 3;
  while ((count - k + 1) / 2 >= fewestBlocks) {
    std::uint32_t words[4 * philoxBatch];
    philoxBlocks(key_, counter_, words);
    const int blocks = std::min(philoxBatch, (count - k + 1) / 2);
    // All but an odd count's last block, whose first two words are kept for the next draw.
    const int whole = std::min(blocks, (count - k) / 2) / 2 * 2;
    uniformsOfBlocks(words, whole, values + k);
    k += 2 * whole;
    for (int b = whole; b < blocks; ++b) {
      // As next64 takes a block's words: the last two, then the first two.
      const std::uint32_t* block = words + 4 * b;
      values[k++] = toUniform(block[2], block[3]);
      if (k < count) {
        values[k++] = toUniform(block[0], block[1]);
      } else {
        for (int w = 0; w < 4; ++w) buffer_[w] = block[w];
        available_ = 2;
      }
    }
    counter_[0] += static_cast<std::uint32_t>(blocks);
  }
  while (k < count) values[k++] = uniform();
}

void RandomStream::uniformsBeside(RandomStream& other, double* values, double* otherValues,
                                  int count) {
  // Whole half batches of both, from the start of a block: the rest as uniforms draws it.
  int k = 0;
  if (available_ == 0 && other.available_ == 0) {
    for (; k + uniformsPerHalfBatch <= count; k += uniformsPerHalfBatch) {
      std::uint32_t words[4 * philoxHalfBatch], otherWords[4 * philoxHalfBatch];
      philoxBlocksOfTwo(key_, counter_, other.key_, other.counter_, words, otherWords);
      uniformsOfBlocks(words, philoxHalfBatch, values + k);
      uniformsOfBlocks(otherWords, philoxHalfBatch, otherValues + k);
      counter_[0] += philoxHalfBatch;
      other.counter_[0] += philoxHalfBatch;
    }
  }
  uniforms(values + k, count - k);
  other.uniforms(otherValues + k, count - k);
}

double RandomStream::normal() {
  if (hasSpareNormal_) {
    hasSpareNormal_ = false;
    return spareNormal_;
  }
  double u1 = 1.0 - uniform();  // (0, 1]
  double u2 = uniform();
  double radius = std::sqrt(-2.0 * std::log(u1));
  double angle = 2.0 * M_PI * u2;
  spareNormal_ = radius * std::sin(angle);
  hasSpareNormal_ = true;
  return radius * std::cos(angle);
}

double RandomStream::gamma(double shape) {
  if (shape < 1.0) {
    // Boost to shape + 1 and scale back (Marsaglia & Tsang, section 6).
    double u = 1.0 - uniform();
    return gamma(shape + 1.0) * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x = normal();
    double v = 1.0 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    double u = 1.0 - uniform();
    if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
  }
}

double RandomStream::exponential() {
  return -std::log(1.0 - uniform());
}

std::uint64_t RandomStream::below(std::uint64_t bound) {
  if (bound == 0) throw std::invalid_argument("RandomStream::below(0)");
  // Lemire's nearly divisionless method would do; rejection keeps it simple and unbiased.
  std::uint64_t limit = bound == 0 ? 0 : (~std::uint64_t{0} / bound) * bound;
  for (;;) {
    std::uint64_t x = next64();
    if (x < limit) return x % bound;
  }
}

}  // namespace lsm
