// What the fuzz targets share: how a finding is reported, the time an input may take, and
// which inputs take a costly path (the JIT).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <string>

namespace lsm::fuzz {

// A finding: lsmc did something a user's input must never make it do. Aborts, so that
// libFuzzer (or the replay) records the input.
[[noreturn]] inline void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
  std::abort();
}

// The CPU time one input may take: LSMC_FUZZ_CPU_SECONDS (scripts/fuzz sets it to 1); unset,
// no limit. It is counted in CPU time of the whole process (every thread: the front end runs
// on a thread with a large stack) because libFuzzer's -timeout counts wall-clock time, which
// builds sharing the two cores stretched to over 1 s for an input of 0.3 s (three findings of
// that kind so far). libFuzzer's -timeout stays, longer, for inputs that never end.
class CpuTimeLimit {
 public:
  CpuTimeLimit() : start_(cpuSeconds()) {}
  CpuTimeLimit(const CpuTimeLimit&) = delete;
  CpuTimeLimit& operator=(const CpuTimeLimit&) = delete;
  ~CpuTimeLimit() {
    static const double limit = [] {
      const char* setting = std::getenv("LSMC_FUZZ_CPU_SECONDS");
      return setting != nullptr ? std::atof(setting) : 0.0;
    }();
    const double used = cpuSeconds() - start_;
    if (limit > 0 && used > limit)
      finding("the input took " + std::to_string(used) + " s of CPU time, over the limit of " +
              std::to_string(limit) + " s");
  }

 private:
  static double cpuSeconds() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
  }
  double start_;
};

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
