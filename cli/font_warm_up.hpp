// Cairo's first text loads fontconfig's configuration and caches and rasterises the glyphs:
// 4-8 ms (a fresh process, this machine), which the figure waited for. A thread does it while
// the model is compiled, which keeps one core busy and the other idle.
#pragma once

#include <thread>

namespace lsm::cli {

class FontWarmUp {
 public:
  FontWarmUp();  // starts the thread (if one cannot be made, the figure loads the fonts itself)
  ~FontWarmUp() { join(); }
  FontWarmUp(const FontWarmUp&) = delete;
  FontWarmUp& operator=(const FontWarmUp&) = delete;

  // Waits for the fonts (before drawing: two threads loading them at once would both pay).
  void join() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::thread thread_;
};

}  // namespace lsm::cli
