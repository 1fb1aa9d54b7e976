// Output files written whole or not at all: the bytes go to a temporary file beside the
// target, which is renamed over it only after every write and the close succeeded. A full
// disk or a lost directory leaves the old file (or none) and no truncated one.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace lsm {

// Thrown when an output cannot be written; the message names the file and the reason
// ("No space left on device").
struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Writes `contents` to `path` as above. Throws OutputError.
void writeFileAtomically(const std::string& path, std::string_view contents);

// For writers that take a path themselves (cairo): write to temporaryPathFor(path) (the same
// directory and extension: "out/fig2.partial-123.png" for "out/fig2.png"), then
// replaceFile(temporary, path), which renames it, or removes it and throws OutputError when
// `failure` is not empty (the writer's own error) or the rename fails.
std::string temporaryPathFor(const std::string& path);
void replaceFile(const std::string& temporary, const std::string& path,
                 const std::string& failure = "");

}  // namespace lsm
