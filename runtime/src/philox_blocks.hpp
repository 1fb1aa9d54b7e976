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

}  // namespace lsm
