// Counter-based random numbers (Random123's Philox 4x32-10): every draw is a pure function of
// (seed, purpose, element, trial, draw number), so results do not depend on the order in
// which elements are visited or on how many threads visit them.
#pragma once

#include <cstdint>
#include <string_view>

namespace lsm {

class RandomStream {
 public:
  // `purpose` names what the numbers are for (a call site of the model, "connect:ee", ...);
  // it is hashed into the key.
  RandomStream(std::uint64_t seed, std::string_view purpose, std::uint64_t element,
               std::uint64_t trial = 0);
  // The same stream from the purpose's hashPurpose, for callers that make many streams of one
  // purpose.
  struct HashedPurpose {
    std::uint64_t hash;
  };
  RandomStream(std::uint64_t seed, HashedPurpose purpose, std::uint64_t element,
               std::uint64_t trial = 0);

  double uniform() {  // in [0, 1), 53 random bits
    return static_cast<double>(next64() >> 11) * 0x1.0p-53;
  }
  // values[k] = uniform() for k < count, in that order, the blocks several at a time (with
  // AVX2 where the host has it): the same numbers as count calls of uniform().
  void uniforms(double* values, int count);
  // uniforms(values, count) of this stream and uniforms(otherValues, count) of `other`, the
  // blocks of both computed together (half the time of two separate batches of a whole number
  // of blocks): pair collection's two trains of a candidate. The same numbers as uniforms.
  void uniformsBeside(RandomStream& other, double* values, double* otherValues, int count);
  double normal();                           // standard normal (Box–Muller)
  double gamma(double shape);                // Marsaglia–Tsang, scale 1
  double exponential();                      // rate 1
  std::uint64_t below(std::uint64_t bound);  // in [0, bound); std::invalid_argument for 0

 private:
  // Inline: Poisson trains draw a uniform per spike and per step of Knuth's count, and the
  // calls were a fifth of pair collection's time.
  std::uint64_t next64() {
    if (available_ < 2) refill();
    available_ -= 2;
    return (static_cast<std::uint64_t>(buffer_[available_]) << 32) | buffer_[available_ + 1];
  }
  // The next Philox block into buffer_.
  void refill();

  std::uint32_t key_[2];
  std::uint32_t counter_[4];
  std::uint32_t buffer_[4];
  int available_ = 0;
  double spareNormal_ = 0;
  bool hasSpareNormal_ = false;
};

std::uint64_t hashPurpose(std::string_view purpose);

}  // namespace lsm
