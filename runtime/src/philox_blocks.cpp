#include "philox_blocks.hpp"

#include <Random123/philox.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define LSM_PHILOX_AVX2 1
#endif

namespace lsm {

namespace {

void blocksOneByOne(const std::uint32_t key[2], const std::uint32_t counter[4],
                    std::uint32_t* out) {
  r123::Philox4x32 generator;
  const r123::Philox4x32::key_type k = {{key[0], key[1]}};
  for (int b = 0; b < philoxBatch; ++b) {
    const r123::Philox4x32::ctr_type c = {
        {counter[0] + static_cast<std::uint32_t>(b), counter[1], counter[2], counter[3]}};
    const auto words = generator(c, k);
    for (int w = 0; w < 4; ++w) out[4 * b + w] = words[w];
  }
}

#ifdef LSM_PHILOX_AVX2
// Four blocks in the 64-bit lanes of registers, each word of a block in its lane's low half
// (_mm256_mul_epu32 reads only those, so the high halves need no clearing); two such groups,
// written out rather than in an array, which GCC's -O2 keeps in memory between rounds.
struct FourBlocks {
  __m256i c0, c1, c2, c3;
};

__attribute__((target("avx2"), always_inline)) inline FourBlocks startBlocks(
    const std::uint32_t counter[4], std::uint32_t first) {
  return {_mm256_setr_epi64x(first, static_cast<std::uint32_t>(first + 1u),
                             static_cast<std::uint32_t>(first + 2u),
                             static_cast<std::uint32_t>(first + 3u)),
          _mm256_set1_epi64x(counter[1]), _mm256_set1_epi64x(counter[2]),
          _mm256_set1_epi64x(counter[3])};
}

// Random123's philox4x32round: the two products' high halves mixed with the other words and
// the key, their low halves kept.
__attribute__((target("avx2"), always_inline)) inline void philoxRound(FourBlocks& x, __m256i key0,
                                                                       __m256i key1) {
  const __m256i p0 = _mm256_mul_epu32(x.c0, _mm256_set1_epi64x(PHILOX_M4x32_0));
  const __m256i p1 = _mm256_mul_epu32(x.c2, _mm256_set1_epi64x(PHILOX_M4x32_1));
  x.c0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p1, 32), x.c1), key0);
  x.c2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), x.c3), key1);
  x.c1 = p1;
  x.c3 = p0;
}

__attribute__((target("avx2"), always_inline)) inline void store(const FourBlocks& x,
                                                                 std::uint32_t* out) {
  alignas(32) std::uint64_t w0[4], w1[4], w2[4], w3[4];
  _mm256_store_si256(reinterpret_cast<__m256i*>(w0), x.c0);
  _mm256_store_si256(reinterpret_cast<__m256i*>(w1), x.c1);
  _mm256_store_si256(reinterpret_cast<__m256i*>(w2), x.c2);
  _mm256_store_si256(reinterpret_cast<__m256i*>(w3), x.c3);
  for (int b = 0; b < 4; ++b) {
    out[4 * b] = static_cast<std::uint32_t>(w0[b]);
    out[4 * b + 1] = static_cast<std::uint32_t>(w1[b]);
    out[4 * b + 2] = static_cast<std::uint32_t>(w2[b]);
    out[4 * b + 3] = static_cast<std::uint32_t>(w3[b]);
  }
}

__attribute__((target("avx2"))) void blocksAvx2(const std::uint32_t key[2],
                                                const std::uint32_t counter[4],
                                                std::uint32_t* out) {
  FourBlocks a = startBlocks(counter, counter[0]);
  FourBlocks b = startBlocks(counter, counter[0] + 4u);
  std::uint32_t k0 = key[0], k1 = key[1];
  for (int r = 0; r < 10; ++r) {  // Philox4x32-10; the key is bumped after each round
    const __m256i key0 = _mm256_set1_epi64x(k0), key1 = _mm256_set1_epi64x(k1);
    philoxRound(a, key0, key1);
    philoxRound(b, key0, key1);
    k0 += PHILOX_W32_0;
    k1 += PHILOX_W32_1;
  }
  store(a, out);
  store(b, out + 16);
}
#endif

}  // namespace

void philoxBlocks(const std::uint32_t key[2], const std::uint32_t counter[4], std::uint32_t* out) {
#ifdef LSM_PHILOX_AVX2
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) {
    blocksAvx2(key, counter, out);
    return;
  }
#endif
  blocksOneByOne(key, counter, out);
}

}  // namespace lsm
