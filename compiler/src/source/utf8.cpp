#include "source/utf8.hpp"

#include <fmt/format.h>

namespace lsm::utf8 {

namespace {

// The length of the well-formed sequence starting at text[k], or 0 (RFC 3629, table 3-7 of
// the Unicode standard).
std::size_t sequenceLength(std::string_view text, std::size_t k) {
  auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
  const unsigned char lead = byte(k);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (k + length > text.size()) return 0;
  if (byte(k + 1) < low || byte(k + 1) > high) return 0;
  for (std::size_t n = 2; n < length; ++n) {
    if (byte(k + n) < 0x80 || byte(k + n) > 0xBF) return 0;
  }
  return length;
}

}  // namespace

std::optional<Problem> findProblem(std::string_view text) {
  int line = 1, column = 1;
  for (std::size_t k = 0; k < text.size();) {
    if (text[k] == '\0') return Problem{k, line, column, "a NUL byte"};
    std::size_t length = sequenceLength(text, k);
    if (length == 0) {
      return Problem{
          k, line, column,
          fmt::format("byte 0x{:02X} is not valid UTF-8", static_cast<unsigned char>(text[k]))};
    }
    if (text[k] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    k += length;
  }
  return std::nullopt;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t k = 0; k < text.size();) {
    std::size_t length = sequenceLength(text, k);
    auto byte = static_cast<unsigned char>(text[k]);
    if (length == 0 || (byte < 0x20 && byte != '\t') || byte == 0x7F) {
      out += '?';
      ++k;
      continue;
    }
    out.append(text.substr(k, length));
    k += length;
  }
  return out;
}

}  // namespace lsm::utf8
