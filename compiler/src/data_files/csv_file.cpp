// CSV tables of numbers: fields separated by ',', surrounding spaces ignored; a first line with
// a field that is not a number is the header (column names).
#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

#include "data_files/number_table.hpp"

namespace lsm::data {

namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  while (true) {
    const std::size_t comma = line.find(',');
    out.push_back(trimmed(line.substr(0, comma)));
    if (comma == std::string_view::npos) return out;
    line.remove_prefix(comma + 1);
  }
}

// The number the whole field spells (as Python's float() would), else nothing.
bool parseNumber(std::string_view field, double& value) {
  if (field.empty() || field.size() > 100) return false;
  const std::string text(field);
  char* end = nullptr;
  errno = 0;
  value = std::strtod(text.c_str(), &end);
  // Out of range: an overflow (a gradual underflow is a number).
  return end == text.c_str() + text.size() && !(errno == ERANGE && std::isinf(value));
}

}  // namespace

NumberTable readCsv(std::string_view text) {
  NumberTable table;
  std::int64_t rows = 0, columns = -1;
  int lineNumber = 0;
  bool first = true;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++lineNumber;
    if (trimmed(line).empty() || trimmed(line).front() == '#') continue;
    const std::vector<std::string_view> row = fields(line);
    std::vector<double> numbers;
    for (std::size_t c = 0; c < row.size(); ++c) {
      double v = 0;
      if (parseNumber(row[c], v)) {
        numbers.push_back(v);
        continue;
      }
      if (first) break;  // the header
      throw DataFileError(fmt::format("line {}, column {}: '{}' is not a number", lineNumber, c + 1,
                                      std::string(row[c].substr(0, 40))));
    }
    if (first && numbers.size() < row.size()) {
      for (std::string_view name : row) table.names.emplace_back(name);
      columns = static_cast<std::int64_t>(row.size());
      first = false;
      continue;
    }
    first = false;
    if (columns < 0) columns = static_cast<std::int64_t>(row.size());
    if (static_cast<std::int64_t>(row.size()) != columns) {
      throw DataFileError(
          fmt::format("line {} has {} columns, the table {}", lineNumber, row.size(), columns));
    }
    table.values.insert(table.values.end(), numbers.begin(), numbers.end());
    ++rows;
  }
  table.shape = {rows, std::max<std::int64_t>(columns, 0)};
  return table;
}

}  // namespace lsm::data
