// Source files and positions in them.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lsm {

// A position in a model file; line and column count from 1 (the column in characters).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  bool valid() const { return line > 0; }
  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

// Owns the text of every file read during one compilation, so diagnostics can quote lines.
class SourceManager {
 public:
  // Reads a file from disk; nullptr if it cannot be read. Reading the same path twice returns
  // the stored text (use a new SourceManager to see a changed file).
  const std::string* load(const std::string& path);
  // Registers text that does not come from a file (a model given as a string).
  const std::string& add(const std::string& name, std::string text);
  const std::string* text(const std::string& name) const;
  // The text of one line (without its line break), or empty when unknown.
  std::string_view line(const std::string& name, int line) const;

 private:
  std::map<std::string, std::unique_ptr<std::string>> files_;
};

}  // namespace lsm
