// NumPy's .npy format (numpy/lib/format.py): the magic "\x93NUMPY", a version, the length of a
// header that is a Python dict literal {'descr': '<f8', 'fortran_order': False, 'shape': (3,)},
// then the raw array. Every length and count is checked against the bytes present before use.
#include <fmt/format.h>

#include <cstring>
#include <limits>

#include "data_files/number_table.hpp"

namespace lsm::data {

namespace {

struct Header {
  char byteOrder = '<';  // '<', '>' ('|' and '=' read as '<': this machine is little-endian)
  char kind = 0;         // 'f', 'i', 'u', 'b'
  int itemSize = 0;
  bool fortranOrder = false;
  std::vector<std::int64_t> shape;
  bool haveDescr = false, haveOrder = false, haveShape = false;
};

// The header's dict literal, as NumPy writes it (and a little more: either quote, spaces).
class HeaderParser {
 public:
  explicit HeaderParser(std::string_view text) : text_(text) {}

  Header parse() {
    Header h;
    expect('{');
    while (true) {
      skipSpace();
      if (peek() == '}') break;
      const std::string key = quoted();
      expect(':');
      if (key == "descr") {
        descr(quoted(), h);
        h.haveDescr = true;
      } else if (key == "fortran_order") {
        h.fortranOrder = boolean();
        h.haveOrder = true;
      } else if (key == "shape") {
        h.shape = tuple();
        h.haveShape = true;
      } else {
        fail(fmt::format("unknown key '{}'", key));
      }
      skipSpace();
      if (peek() == ',') {
        ++at_;
        continue;
      }
      if (peek() != '}') fail("expected ',' or '}'");
    }
    if (!h.haveDescr || !h.haveOrder || !h.haveShape)
      fail("needs 'descr', 'fortran_order' and 'shape'");
    return h;
  }

 private:
  [[noreturn]] static void fail(const std::string& why) {
    throw DataFileError("bad .npy header: " + why);
  }
  void skipSpace() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t')) ++at_;
  }
  char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }
  void expect(char c) {
    skipSpace();
    if (peek() != c) fail(fmt::format("expected '{}'", c));
    ++at_;
  }
  std::string quoted() {
    skipSpace();
    const char quote = peek();
    if (quote != '\'' && quote != '"') fail("expected a quoted name");
    const std::size_t end = text_.find(quote, at_ + 1);
    if (end == std::string_view::npos) fail("unterminated string");
    std::string s(text_.substr(at_ + 1, end - at_ - 1));
    at_ = end + 1;
    return s;
  }
  bool boolean() {
    skipSpace();
    if (text_.substr(at_, 4) == "True") {
      at_ += 4;
      return true;
    }
    if (text_.substr(at_, 5) == "False") {
      at_ += 5;
      return false;
    }
    fail("fortran_order is not True or False");
  }
  std::vector<std::int64_t> tuple() {
    std::vector<std::int64_t> extents;
    expect('(');
    while (true) {
      skipSpace();
      if (peek() == ')') break;
      std::int64_t n = 0;
      bool digits = false;
      while (peek() >= '0' && peek() <= '9') {
        if (n > (std::numeric_limits<std::int64_t>::max() - 9) / 10) fail("extent too large");
        n = n * 10 + (peek() - '0');
        ++at_;
        digits = true;
      }
      if (!digits) fail("shape is not a tuple of whole numbers");
      extents.push_back(n);
      skipSpace();
      if (peek() == ',') {
        ++at_;
      } else if (peek() != ')') {
        fail("expected ',' or ')' in the shape");
      }
    }
    ++at_;
    return extents;
  }
  static void descr(const std::string& d, Header& h) {
    if (d.size() < 2) fail(fmt::format("unknown dtype '{}'", d));
    std::size_t k = 0;
    if (d[0] == '<' || d[0] == '>' || d[0] == '|' || d[0] == '=') {
      h.byteOrder = d[0] == '>' ? '>' : '<';
      k = 1;
    }
    h.kind = d[k];
    const std::string size = d.substr(k + 1);
    const bool known = (h.kind == 'f' && (size == "4" || size == "8")) ||
                       ((h.kind == 'i' || h.kind == 'u') &&
                        (size == "1" || size == "2" || size == "4" || size == "8")) ||
                       (h.kind == 'b' && size == "1");
    if (!known) {
      fail(
          fmt::format("dtype '{}' is not a number type lsmc reads (floats f4 f8, integers i1 to "
                      "i8 and u1 to u8, booleans b1)",
                      d));
    }
    h.itemSize = size[0] - '0';
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

std::uint64_t unsignedAt(const unsigned char* p, int size, bool bigEndian) {
  std::uint64_t v = 0;
  for (int b = 0; b < size; ++b) {
    const int from = bigEndian ? b : size - 1 - b;
    v = (v << 8) | p[from];
  }
  return v;
}

double element(const unsigned char* p, const Header& h) {
  const std::uint64_t bits = unsignedAt(p, h.itemSize, h.byteOrder == '>');
  switch (h.kind) {
    case 'f':
      if (h.itemSize == 4) {
        float f;
        const auto b32 = static_cast<std::uint32_t>(bits);
        std::memcpy(&f, &b32, 4);
        return f;
      } else {
        double d;
        std::memcpy(&d, &bits, 8);
        return d;
      }
    case 'i': {
      // Sign-extend from the item's width.
      const int shift = 64 - 8 * h.itemSize;
      std::int64_t v;
      const std::uint64_t up = shift == 0 ? bits : bits << shift;
      std::memcpy(&v, &up, 8);
      return static_cast<double>(shift == 0 ? v : v >> shift);
    }
    case 'u':
      return static_cast<double>(bits);
    default:  // 'b'
      return bits != 0 ? 1.0 : 0.0;
  }
}

}  // namespace

NumberTable readNpy(std::string_view bytes) {
  static constexpr std::string_view magic("\x93NUMPY", 6);
  if (bytes.size() < 10 || bytes.substr(0, 6) != magic) {
    throw DataFileError("not a .npy file (it does not begin with \\x93NUMPY)");
  }
  const auto* raw = reinterpret_cast<const unsigned char*>(bytes.data());
  const int major = raw[6];
  if (major < 1 || major > 3) throw DataFileError(fmt::format(".npy format version {}", major));
  const std::size_t lengthBytes = major == 1 ? 2 : 4;
  if (bytes.size() < 8 + lengthBytes) throw DataFileError("the .npy header is cut short");
  const std::uint64_t headerLength = unsignedAt(raw + 8, static_cast<int>(lengthBytes), false);
  const std::size_t start = 8 + lengthBytes;
  if (headerLength > bytes.size() - start) throw DataFileError("the .npy header is cut short");
  std::string_view header = bytes.substr(start, headerLength);
  while (!header.empty() && (header.back() == '\n' || header.back() == ' '))
    header.remove_suffix(1);
  const Header h = HeaderParser(header).parse();
  if (h.shape.size() > 2) {
    throw DataFileError(
        fmt::format("the array has {} dimensions; lsmc reads 1-D and 2-D arrays", h.shape.size()));
  }
  std::uint64_t count = 1;
  for (std::int64_t extent : h.shape) {
    if (extent != 0 && count > (std::uint64_t{1} << 40) / static_cast<std::uint64_t>(extent)) {
      throw DataFileError("the array is too large");
    }
    count *= static_cast<std::uint64_t>(extent);
  }
  const std::size_t dataStart = start + headerLength;
  const std::uint64_t available = bytes.size() - dataStart;
  if (available != count * static_cast<std::uint64_t>(h.itemSize)) {
    throw DataFileError(fmt::format("the shape needs {} bytes of data, the file has {}",
                                    count * static_cast<std::uint64_t>(h.itemSize), available));
  }
  NumberTable table;
  table.shape = h.shape.empty() ? std::vector<std::int64_t>{1} : h.shape;
  table.values.resize(count);
  const std::uint64_t rows = table.shape[0];
  const std::uint64_t columns = table.shape.size() == 2 ? table.shape[1] : 1;
  for (std::uint64_t k = 0; k < count; ++k) {
    // Fortran order: the file holds column after column.
    const std::uint64_t to = h.fortranOrder && columns > 0 ? (k % rows) * columns + k / rows : k;
    table.values[to] = element(raw + dataStart + k * h.itemSize, h);
  }
  return table;
}

}  // namespace lsm::data
