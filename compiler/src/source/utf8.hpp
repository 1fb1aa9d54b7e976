// Model text must be UTF-8 without NUL bytes: the lexer converts it to code points (and
// throws on a malformed sequence), and a NUL would cut every C string that quotes it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lsm::utf8 {

struct Problem {
  std::size_t offset = 0;    // of the offending byte
  int line = 1, column = 1;  // counting code points, as the parser's columns do
  std::string cause;         // "byte 0xE9 is not valid UTF-8", "a NUL byte"
};

// The first byte of `text` that is not part of well-formed UTF-8 (no overlong forms, no
// surrogates, nothing above U+10FFFF), or a NUL byte; nullopt when the text is fine.
std::optional<Problem> findProblem(std::string_view text);

// `text` for quoting in a message or on a terminal: each byte of a malformed sequence and each
// control character other than a tab becomes '?', one character each, so columns still match.
std::string printable(std::string_view text);

}  // namespace lsm::utf8
