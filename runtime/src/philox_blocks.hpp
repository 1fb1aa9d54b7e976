// Eight consecutive blocks of Random123's Philox 4x32-10 at once, with AVX2 where the host has
// it: the uniforms of connection sampling's geometric gaps (connection_sampling.hpp), where one
// block at a time was a tenth of building CUBA.
#pragma once

#include <cstdint>

namespace lsm {

constexpr int philoxBatch = 8;

// out[4 b + w] = word w of Philox4x32-10(key, {counter[0] + b, counter[1], counter[2],
// counter[3]}) for b < philoxBatch (the first word wraps as 32 bits do), bit for bit
// r123::Philox4x32's.
void philoxBlocks(const std::uint32_t key[2], const std::uint32_t counter[4], std::uint32_t* out);

// Half a batch of each of two streams in the time of one batch: out[4 b + w] as philoxBlocks
// gives it for (key, counter) and otherOut likewise for (otherKey, otherCounter), b < 4. Pair
// collection draws a candidate's two trains, of about 21 uniforms each, this way: whole batches
// of one stream left a third of the numbers unused.
constexpr int philoxHalfBatch = philoxBatch / 2;
constexpr int uniformsPerHalfBatch = 2 * philoxHalfBatch;  // two uniforms a block
void philoxBlocksOfTwo(const std::uint32_t key[2], const std::uint32_t counter[4],
                       const std::uint32_t otherKey[2], const std::uint32_t otherCounter[4],
                       std::uint32_t* out, std::uint32_t* otherOut);

// RandomStream::uniform of the two words (high, low): the top 53 bits times 2^-53.
inline double toUniform(std::uint32_t high, std::uint32_t low) {
  return static_cast<double>(((static_cast<std::uint64_t>(high) << 32) | low) >> 11) * 0x1.0p-53;
}

// The uniforms of `blocks` blocks' words (a multiple of 2), two a block as RandomStream::uniform
// takes them: values[2 b] from words 2 and 3 of block b (high, low), values[2 b + 1] from words
// 0 and 1, each the top 53 bits times 2^-53. With AVX2 four at a time (exact: no rounding).
void uniformsOfBlocks(const std::uint32_t* words, int blocks, double* values);

}  // namespace lsm
