// Numbers read from a data file (a NumPy .npy array or a CSV table): row-major values and their
// shape, one extent for a 1-D array, rows and columns for a 2-D one. The readers throw
// DataFileError, with a one-line cause, for anything they cannot read; never anything else.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lsm::data {

struct NumberTable {
  std::vector<double> values;       // row-major
  std::vector<std::int64_t> shape;  // {n} or {rows, columns}
  std::vector<std::string> names;   // a CSV header's column names, else empty
};

class DataFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A .npy file's bytes (format versions 1 to 3; little- or big-endian floats, signed and unsigned
// integers, booleans; C or Fortran order; 0 to 2 dimensions).
NumberTable readNpy(std::string_view bytes);
// A CSV table: comma-separated numbers, one row per line, all rows as long; an optional first
// line of column names; blank lines and lines starting with '#' are skipped.
NumberTable readCsv(std::string_view text);
// The file at `path`, read by its extension (.npy, else CSV). Throws DataFileError when it
// cannot be opened.
NumberTable readNumberFile(const std::string& path);

}  // namespace lsm::data
