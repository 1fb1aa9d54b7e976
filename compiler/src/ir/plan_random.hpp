// The random numbers of a step plan (rand(), randn() in state updates, thresholds, resets,
// on_pre and on_post), written once for both backends: each algorithm is a template over an
// arithmetic `A` that the interpreter instantiates with plain integers and doubles
// (ScalarArithmetic below) and the JIT with LLVM instructions (codegen/random_emitter.cpp).
// The same operations in the same order give the same bits in both, and they vectorise: no
// branches, no calls (the logarithm and the cosine are fdlibm's kernels, not libm's calls,
// whose results differ between libraries and which would keep a loop scalar).
//
// A draw is a pure function of (seed, stream, element, step, trial), so results do not depend
// on the order elements are visited in or on threads: one Philox4x32-10 block (Random123's)
// with the key seed ^ (stream * golden ratio) and the counter (step's low 32 bits, element,
// step's high 32 bits, trial). `stream` is the hash of the call site's name (lsm/ir.hpp
// Expr::stream), `element` the loop's element or synapse.
//
// A: `Word` (unsigned 64-bit) and `Real` (double) values, and
//   word(u64), wordAdd, wordSub, wordMul, wordAnd, wordOr, wordXor, shiftLeft(w, n),
//   shiftRight(w, n), wordLess(a, b) (1 or 0), real(double), add, subtract, multiply,
//   divide, squareRoot, negate, realFromWord (unsigned, below 2^53: exact),
//   realFromSignedWord, bitsOf(Real), realOfBits(Word), select(Word nonzero, Real, Real).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "lsm/step_plan.hpp"

namespace lsm::ir::plan_random {

constexpr std::uint64_t golden = 0x9E3779B97F4A7C15ull;

template <class A>
using Block = std::array<typename A::Word, 4>;

// Philox4x32-10 on words that hold 32-bit values.
template <class A>
Block<A> philox(A& a, Block<A> c, typename A::Word k0, typename A::Word k1) {
  auto low32 = [&](typename A::Word w) { return a.wordAnd(w, a.word(0xFFFFFFFFull)); };
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 = low32(a.wordAdd(k0, a.word(0x9E3779B9ull)));
      k1 = low32(a.wordAdd(k1, a.word(0xBB67AE85ull)));
    }
    auto p0 = a.wordMul(a.word(0xD2511F53ull), c[0]);
    auto p1 = a.wordMul(a.word(0xCD9E8D57ull), c[2]);
    c = {a.wordXor(a.wordXor(a.shiftRight(p1, 32), c[1]), k0), low32(p1),
         a.wordXor(a.wordXor(a.shiftRight(p0, 32), c[3]), k1), low32(p0)};
  }
  return c;
}

// The block of a draw: `seed`, `trial`, `step` and `element` as words (any 64-bit values;
// elements and trials below 2^32), `stream` the call site's hash.
template <class A>
Block<A> block(A& a, typename A::Word seed, std::uint64_t stream, typename A::Word trial,
               typename A::Word step, typename A::Word element) {
  auto low32 = [&](typename A::Word w) { return a.wordAnd(w, a.word(0xFFFFFFFFull)); };
  auto key = a.wordXor(seed, a.word(stream * golden));
  return philox(a, {low32(step), low32(element), a.shiftRight(step, 32), low32(trial)}, low32(key),
                a.shiftRight(key, 32));
}

// 53 random bits from two 32-bit words, as an integer below 2^53.
template <class A>
typename A::Word bits53(A& a, typename A::Word high, typename A::Word low) {
  return a.shiftRight(a.wordOr(a.shiftLeft(high, 32), low), 11);
}

// rand(): uniform on [0, 1), a multiple of 2^-53.
template <class A>
typename A::Real uniform(A& a, const Block<A>& w) {
  return a.multiply(a.realFromWord(bits53(a, w[2], w[3])), a.real(0x1.0p-53));
}

// The natural logarithm of a positive normal double (fdlibm's e_log.c: x = 2^k m with m in
// [sqrt(2)/2, sqrt(2)), log(m) = f - f^2/2 + s (f^2/2 + R(s^2)) with f = m - 1, s = f/(2+f)).
template <class A>
typename A::Real logarithm(A& a, typename A::Real x) {
  auto bits = a.bitsOf(x);
  auto mantissa = a.wordAnd(bits, a.word(0x000FFFFFFFFFFFFFull));
  // 1 where the mantissa is at least sqrt(2)'s: m/2 and the next exponent.
  auto above = a.wordSub(a.word(1), a.wordLess(mantissa, a.word(0x6A09E667F3BCDull)));
  auto exponent = a.wordAdd(a.shiftRight(bits, 52), above);
  auto m = a.realOfBits(a.wordOr(mantissa, a.shiftLeft(a.wordSub(a.word(1023), above), 52)));
  auto k = a.subtract(a.realFromWord(exponent), a.real(1023.0));
  auto f = a.subtract(m, a.real(1.0));  // exact (Sterbenz)
  auto s = a.divide(f, a.add(a.real(2.0), f));
  auto z = a.multiply(s, s);
  auto w = a.multiply(z, z);
  auto t1 =
      a.multiply(w, a.add(a.real(3.999999999940941908e-01),
                          a.multiply(w, a.add(a.real(2.222219843214978396e-01),
                                              a.multiply(w, a.real(1.531383769920937332e-01))))));
  auto t2 = a.multiply(
      z,
      a.add(a.real(6.666666666666735130e-01),
            a.multiply(
                w, a.add(a.real(2.857142874366239149e-01),
                         a.multiply(w, a.add(a.real(1.818357216161805012e-01),
                                             a.multiply(w, a.real(1.479819860511658591e-01))))))));
  auto r = a.add(t2, t1);
  auto hfsq = a.multiply(a.multiply(a.real(0.5), f), f);
  const auto ln2High = a.real(6.93147180369123816490e-01);
  const auto ln2Low = a.real(1.90821492927058770002e-10);
  return a.subtract(
      a.multiply(k, ln2High),
      a.subtract(a.subtract(hfsq, a.add(a.multiply(s, a.add(hfsq, r)), a.multiply(k, ln2Low))), f));
}

// cos(2 pi K / 2^53) for an integer K below 2^53: the nearest quarter turn q is exact in
// integers, the rest x = 2 pi (K/2^53 - q/4) lies in [-pi/4, pi/4], and fdlibm's kernels
// (k_cos.c, k_sin.c) give cos x and sin x there.
template <class A>
typename A::Real cosineOfTurns(A& a, typename A::Word turns) {
  auto q = a.shiftRight(a.wordAdd(turns, a.word(1ull << 50)), 51);  // 0 ... 4
  auto rest = a.wordSub(turns, a.shiftLeft(q, 51));                 // in [-2^50, 2^50)
  auto x = a.multiply(a.realFromSignedWord(rest), a.real(0x1.921fb54442d18p-51));
  auto z = a.multiply(x, x);
  auto w = a.multiply(z, z);
  auto cosR = a.add(
      a.multiply(z, a.add(a.real(4.16666666666666019037e-02),
                          a.multiply(z, a.add(a.real(-1.38888888888741095749e-03),
                                              a.multiply(z, a.real(2.48015872894767294178e-05)))))),
      a.multiply(a.multiply(w, w),
                 a.add(a.real(-2.75573143513906633035e-07),
                       a.multiply(z, a.add(a.real(2.08757232129817482790e-09),
                                           a.multiply(z, a.real(-1.13596475577881948265e-11)))))));
  auto hz = a.multiply(a.real(0.5), z);
  auto oneMinus = a.subtract(a.real(1.0), hz);
  auto cosine = a.add(
      oneMinus, a.add(a.subtract(a.subtract(a.real(1.0), oneMinus), hz), a.multiply(z, cosR)));
  auto sinR =
      a.add(a.add(a.real(8.33333333332248946124e-03),
                  a.multiply(z, a.add(a.real(-1.98412698298579493134e-04),
                                      a.multiply(z, a.real(2.75573137070700676789e-06))))),
            a.multiply(a.multiply(z, w), a.add(a.real(-2.50507602534068634195e-08),
                                               a.multiply(z, a.real(1.58969099521155010221e-10)))));
  auto sine = a.add(x, a.multiply(a.multiply(z, x),
                                  a.add(a.real(-1.66666666666666324348e-01), a.multiply(z, sinR))));
  // cos(x + q pi/2): cos x, -sin x, -cos x, sin x for q mod 4 = 0, 1, 2, 3.
  auto quadrant = a.wordAnd(q, a.word(3));
  auto value = a.select(a.wordAnd(quadrant, a.word(1)), sine, cosine);
  return a.select(a.wordAnd(a.wordAdd(quadrant, a.word(1)), a.word(2)), a.negate(value), value);
}

// randn(): standard normal (Box–Muller, one value per block).
template <class A>
typename A::Real normal(A& a, const Block<A>& w) {
  auto u1 = a.subtract(a.real(1.0), uniform(a, w));  // (0, 1]
  auto radius = a.squareRoot(a.multiply(a.real(-2.0), logarithm(a, u1)));
  return a.multiply(radius, cosineOfTurns(a, bits53(a, w[0], w[1])));
}

// The interpreter's arithmetic: plain integers and doubles.
struct ScalarArithmetic {
  using Word = std::uint64_t;
  using Real = double;
  static Word word(std::uint64_t v) { return v; }
  static Word wordAdd(Word x, Word y) { return x + y; }
  static Word wordSub(Word x, Word y) { return x - y; }
  static Word wordMul(Word x, Word y) { return x * y; }
  static Word wordAnd(Word x, Word y) { return x & y; }
  static Word wordOr(Word x, Word y) { return x | y; }
  static Word wordXor(Word x, Word y) { return x ^ y; }
  static Word shiftLeft(Word x, int n) { return x << n; }
  static Word shiftRight(Word x, int n) { return x >> n; }
  static Word wordLess(Word x, Word y) { return x < y ? 1 : 0; }
  static Real real(double v) { return v; }
  static Real add(Real x, Real y) { return x + y; }
  static Real subtract(Real x, Real y) { return x - y; }
  static Real multiply(Real x, Real y) { return x * y; }
  static Real divide(Real x, Real y) { return x / y; }
  static Real squareRoot(Real x);
  static Real negate(Real x) { return -x; }
  static Real realFromWord(Word x) { return static_cast<double>(x); }
  static Real realFromSignedWord(Word x) {
    return static_cast<double>(static_cast<std::int64_t>(x));
  }
  static Word bitsOf(Real x);
  static Real realOfBits(Word x);
  static Real select(Word condition, Real x, Real y) { return condition != 0 ? x : y; }
};

// The stream of a call site named `site` (FNV-1a).
std::uint64_t streamOf(std::string_view site);

// One draw of rand() or randn() (`normal`) in a step, as the interpreter makes it.
double draw(const PlanRandomKey& key, std::uint64_t stream, std::uint64_t element,
            std::uint64_t step, bool normal);

}  // namespace lsm::ir::plan_random
