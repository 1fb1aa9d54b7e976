// What the fuzz targets share: how a finding is reported, and which inputs reach the JIT.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

namespace lsm::fuzz {

// A finding: lsmc did something a user's input must never make it do. Aborts, so that
// libFuzzer (or the replay) records the input.
[[noreturn]] inline void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
  std::abort();
}

// Whether an input takes a target's costly extra path: every input when LSMC_FUZZ_SAMPLE=all
// (the regression replay sets it), else one in `oneIn` by a hash of the text, so that the same
// input always takes the same path.
inline bool sampled(const std::string& text, std::size_t oneIn) {
  static const bool all = [] {
    const char* setting = std::getenv("LSMC_FUZZ_SAMPLE");
    return setting != nullptr && std::string(setting) == "all";
  }();
  return all || std::hash<std::string>{}(text) % oneIn == 0;
}

// One input in 64 goes on to the JIT. (A JIT compilation of a Maass variant costs about
// 0.3 s under ASan, a rejected input about 1 ms.)
inline bool jitThisInput(const std::string& text) {
  return sampled(text, 64);
}

}  // namespace lsm::fuzz
