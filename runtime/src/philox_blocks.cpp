#include "philox_blocks.hpp"

#include <Random123/philox.h>

#include <algorithm>

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

// Two groups of four blocks, each with its own key: the rounds of both interleaved, as the
// multiplications' latency leaves room for.
__attribute__((target("avx2"), always_inline)) inline void eightBlocks(
    FourBlocks& a, const std::uint32_t keyA[2], FourBlocks& b, const std::uint32_t keyB[2]) {
  std::uint32_t a0 = keyA[0], a1 = keyA[1], b0 = keyB[0], b1 = keyB[1];
  for (int r = 0; r < 10; ++r) {  // Philox4x32-10; the key is bumped after each round
    philoxRound(a, _mm256_set1_epi64x(a0), _mm256_set1_epi64x(a1));
    philoxRound(b, _mm256_set1_epi64x(b0), _mm256_set1_epi64x(b1));
    a0 += PHILOX_W32_0;
    a1 += PHILOX_W32_1;
    b0 += PHILOX_W32_0;
    b1 += PHILOX_W32_1;
  }
}

__attribute__((target("avx2"))) void blocksAvx2(const std::uint32_t key[2],
                                                const std::uint32_t counter[4],
                                                std::uint32_t* out) {
  FourBlocks a = startBlocks(counter, counter[0]);
  FourBlocks b = startBlocks(counter, counter[0] + 4u);
  eightBlocks(a, key, b, key);
  store(a, out);
  store(b, out + 16);
}

__attribute__((target("avx2"))) void blocksOfTwoAvx2(const std::uint32_t key[2],
                                                     const std::uint32_t counter[4],
                                                     const std::uint32_t otherKey[2],
                                                     const std::uint32_t otherCounter[4],
                                                     std::uint32_t* out, std::uint32_t* otherOut) {
  FourBlocks a = startBlocks(counter, counter[0]);
  FourBlocks b = startBlocks(otherCounter, otherCounter[0]);
  eightBlocks(a, key, b, otherKey);
  store(a, out);
  store(b, otherOut);
}

// Two blocks' words at a time: their dwords reversed within each 128-bit half put (word 2,
// word 3) and (word 0, word 1) of each block in 64-bit lanes, high word above, in the order of
// the uniforms. The top 53 bits, split at bit 32, are two doubles exactly (2^52 + x for x <
// 2^32 has x in its mantissa), and high * 2^32 + low < 2^53 is exact too.
__attribute__((target("avx2"))) void uniformsAvx2(const std::uint32_t* words, int blocks,
                                                  double* values) {
  const __m256i exponent = _mm256_set1_epi64x(0x4330000000000000);
  const __m256d twoTo52 = _mm256_set1_pd(0x1.0p52), twoTo32 = _mm256_set1_pd(0x1.0p32);
  const __m256d twoToMinus53 = _mm256_set1_pd(0x1.0p-53);
  const __m256i low32 = _mm256_set1_epi64x(0xffffffff);
  for (int b = 0; b < blocks; b += 2) {
    const __m256i raw = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(words + 4 * b));
    const __m256i bits = _mm256_srli_epi64(_mm256_shuffle_epi32(raw, _MM_SHUFFLE(0, 1, 2, 3)), 11);
    const __m256d high = _mm256_sub_pd(
        _mm256_castsi256_pd(_mm256_or_si256(_mm256_srli_epi64(bits, 32), exponent)), twoTo52);
    const __m256d low = _mm256_sub_pd(
        _mm256_castsi256_pd(_mm256_or_si256(_mm256_and_si256(bits, low32), exponent)), twoTo52);
    const __m256d sum = _mm256_add_pd(_mm256_mul_pd(high, twoTo32), low);
    _mm256_storeu_pd(values + 2 * b, _mm256_mul_pd(sum, twoToMinus53));
  }
}
#endif

#ifdef LSM_PHILOX_AVX2
bool hostHasAvx2() {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  return avx2;
}
#endif

}  // namespace

void philoxBlocks(const std::uint32_t key[2], const std::uint32_t counter[4], std::uint32_t* out) {
#ifdef LSM_PHILOX_AVX2
  if (hostHasAvx2()) {
    blocksAvx2(key, counter, out);
    return;
  }
#endif
  blocksOneByOne(key, counter, out);
}

void philoxBlocksOfTwo(const std::uint32_t key[2], const std::uint32_t counter[4],
                       const std::uint32_t otherKey[2], const std::uint32_t otherCounter[4],
                       std::uint32_t* out, std::uint32_t* otherOut) {
#ifdef LSM_PHILOX_AVX2
  if (hostHasAvx2()) {
    blocksOfTwoAvx2(key, counter, otherKey, otherCounter, out, otherOut);
    return;
  }
#endif
  std::uint32_t words[4 * philoxBatch];
  blocksOneByOne(key, counter, words);
  std::copy(words, words + 4 * philoxHalfBatch, out);
  blocksOneByOne(otherKey, otherCounter, words);
  std::copy(words, words + 4 * philoxHalfBatch, otherOut);
}

void uniformsOfBlocks(const std::uint32_t* words, int blocks, double* values) {
#ifdef LSM_PHILOX_AVX2
  if (hostHasAvx2()) {
    uniformsAvx2(words, blocks, values);
    return;
  }
#endif
  for (int b = 0; b < blocks; ++b) {
    const std::uint32_t* block = words + 4 * b;
    values[2 * b] = toUniform(block[2], block[3]);
    values[2 * b + 1] = toUniform(block[0], block[1]);
  }
}

}  // namespace lsm
