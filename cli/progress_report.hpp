// Progress on stderr for the long phases of `lsmc run`: a bar on a terminal, a line per tenth
// otherwise; nothing with --quiet.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace lsm::cli {

// A bar on a terminal, a line per tenth otherwise, once the work has taken a second (a
// shorter run says nothing).
class ProgressReport {
 public:
  explicit ProgressReport(bool quiet) : quiet_(quiet), terminal_(isatty(STDERR_FILENO) == 1) {}
  void operator()(const std::string& phase, std::int64_t done, std::int64_t total) {
    if (quiet_ || total <= 0) return;
    if (std::chrono::steady_clock::now() - started_ < std::chrono::seconds(1)) return;
    int percent = static_cast<int>(100 * done / total);
    if (terminal_) {
      int filled = percent * 40 / 100;
      std::fprintf(stderr, "\r%-7s [%s%s] %3d%% (%lld/%lld)", phase.c_str(),
                   std::string(static_cast<std::size_t>(filled), '#').c_str(),
                   std::string(static_cast<std::size_t>(40 - filled), '.').c_str(), percent,
                   static_cast<long long>(done), static_cast<long long>(total));
      if (done == total) std::fputc('\n', stderr);
      std::fflush(stderr);
    } else if (phase != lastPhase_ || percent / 10 != lastTenth_ || done == total) {
      if (percent / 10 != lastTenth_ || phase != lastPhase_) {
        std::fprintf(stderr, "lsmc: %s %d%% (%lld/%lld)\n", phase.c_str(), percent,
                     static_cast<long long>(done), static_cast<long long>(total));
      }
      lastTenth_ = percent / 10;
      lastPhase_ = phase;
    }
  }

 private:
  bool quiet_, terminal_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::string lastPhase_;
  int lastTenth_ = -1;
};

}  // namespace lsm::cli
