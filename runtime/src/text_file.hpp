// Reading a whole text file, plain or gzip-compressed (zlib reads both): large instance files
// are kept compressed (`.json.gz`).
#pragma once

#include <optional>
#include <string>

namespace lsm {

// The file's text, decompressed if it is gzip; nullopt when it cannot be opened or read.
std::optional<std::string> readTextFile(const std::string& path);

}  // namespace lsm
