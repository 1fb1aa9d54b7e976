#include "text_file.hpp"

#include <zlib.h>

#include <memory>

namespace lsm {

std::optional<std::string> readTextFile(const std::string& path) {
  std::unique_ptr<gzFile_s, decltype(&gzclose)> file(gzopen(path.c_str(), "rb"), gzclose);
  if (file == nullptr) return std::nullopt;
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    int read = gzread(file.get(), buffer, sizeof buffer);
    if (read < 0) return std::nullopt;
    if (read == 0) break;
    text.append(buffer, static_cast<std::size_t>(read));
  }
  return text;
}

}  // namespace lsm
