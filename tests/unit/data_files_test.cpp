// The readers of data files (.npy and CSV): what NumPy writes reads back exactly; malformed
// files give a DataFileError with a one-line cause, never a crash (the frontend fuzz target
// reaches them through model files too).
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>

#include "data_files/number_table.hpp"

namespace lsm::data {
namespace {

// A .npy file as numpy.save writes it (format 1.0, header padded to a multiple of 64).
std::string npy(const std::string& descr, const std::string& shape, const std::string& data,
                bool fortran = false) {
  std::string header = "{'descr': '" + descr +
                       "', 'fortran_order': " + (fortran ? "True" : "False") +
                       ", 'shape': " + shape + ", }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  return out + header + data;
}

template <typename T>
std::string bytesOf(std::initializer_list<T> values) {
  std::string out;
  for (T v : values) out.append(reinterpret_cast<const char*>(&v), sizeof v);
  return out;
}

// The reader's one-line cause for `input`, or "accepted".
std::string causeOf(NumberTable (*reader)(std::string_view), const std::string& input) {
  try {
    reader(input);
  } catch (const DataFileError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(NpyReader, ReadsFloatsIntegersAndBothOrders) {
  NumberTable a = readNpy(npy("<f8", "(3,)", bytesOf<double>({1.5, -2, 1e-300})));
  EXPECT_EQ(a.shape, (std::vector<std::int64_t>{3}));
  EXPECT_EQ(a.values, (std::vector<double>{1.5, -2, 1e-300}));
  NumberTable b = readNpy(npy("<i8", "(2, 2)", bytesOf<std::int64_t>({1, -2, 3, 4})));
  EXPECT_EQ(b.shape, (std::vector<std::int64_t>{2, 2}));
  EXPECT_EQ(b.values, (std::vector<double>{1, -2, 3, 4}));
  // Fortran order: the file holds columns; the table is row-major.
  NumberTable c = readNpy(npy("<i4", "(2, 3)", bytesOf<std::int32_t>({1, 4, 2, 5, 3, 6}), true));
  EXPECT_EQ(c.values, (std::vector<double>{1, 2, 3, 4, 5, 6}));
  NumberTable d = readNpy(npy("|i1", "(2,)", bytesOf<std::int8_t>({-1, 7})));
  EXPECT_EQ(d.values, (std::vector<double>{-1, 7}));
  NumberTable e = readNpy(npy(">f4", "(1,)", std::string("\x3f\xc0\x00\x00", 4)));
  EXPECT_EQ(e.values, (std::vector<double>{1.5}));
  NumberTable f = readNpy(npy("<u2", "()", bytesOf<std::uint16_t>({65535})));
  EXPECT_EQ(f.values, (std::vector<double>{65535}));
}

TEST(NpyReader, RejectsMalformedFilesWithACause) {
  auto message = [](const std::string& bytes) { return causeOf(readNpy, bytes); };
  EXPECT_EQ(message("not numpy"), "not a .npy file (it does not begin with \\x93NUMPY)");
  EXPECT_EQ(message(npy("<f8", "(3,)", bytesOf<double>({1, 2}))),
            "the shape needs 24 bytes of data, the file has 16");
  EXPECT_EQ(message(npy("<c16", "(1,)", std::string(16, '\0'))).substr(0, 32),
            "bad .npy header: dtype '<c16' is");
  EXPECT_EQ(message(npy("<f8", "(1, 1, 1)", bytesOf<double>({1}))),
            "the array has 3 dimensions; lsmc reads 1-D and 2-D arrays");
  EXPECT_EQ(message(npy("<f8", "(99999999999999999999,)", "")),
            "bad .npy header: extent too large");
  EXPECT_EQ(message(npy("<f8", "(1099511627776, 1099511627776)", "")), "the array is too large");
}

// Every prefix and many random corruptions of a valid file: an answer or a DataFileError.
TEST(NpyReader, SurvivesTruncationAndCorruption) {
  const std::string valid = npy("<f8", "(2, 3)", bytesOf<double>({1, 2, 3, 4, 5, 6}));
  for (std::size_t n = 0; n < valid.size(); ++n) {
    EXPECT_THROW(readNpy(valid.substr(0, n)), DataFileError) << n;
  }
  std::mt19937 random(7);
  for (int k = 0; k < 5000; ++k) {
    std::string bytes = valid;
    for (int flips = 0; flips < 3; ++flips) {
      bytes[random() % bytes.size()] = static_cast<char>(random());
    }
    try {
      readNpy(bytes);
    } catch (const DataFileError&) {
    }
  }
}

TEST(CsvReader, ReadsAHeaderCommentsAndRows) {
  NumberTable t = readCsv("index, time\n# a comment\n\n0, 1.5\r\n2,-3e-3\n");
  EXPECT_EQ(t.names, (std::vector<std::string>{"index", "time"}));
  EXPECT_EQ(t.shape, (std::vector<std::int64_t>{2, 2}));
  EXPECT_EQ(t.values, (std::vector<double>{0, 1.5, 2, -3e-3}));
  NumberTable column = readCsv("1\n2\n3");
  EXPECT_EQ(column.shape, (std::vector<std::int64_t>{3, 1}));
}

TEST(CsvReader, RejectsRowsOfOtherLengthsAndNonNumbers) {
  auto message = [](const std::string& text) { return causeOf(readCsv, text); };
  EXPECT_EQ(message("a,b\n1,2\n3\n"), "line 3 has 1 columns, the table 2");
  EXPECT_EQ(message("1,2\n3,x\n"), "line 2, column 2: 'x' is not a number");
  EXPECT_EQ(message("1,2\n3,1e999\n"), "line 2, column 2: '1e999' is not a number");
  EXPECT_EQ(message("1,2\n3,\n"), "line 2, column 2: '' is not a number");
}

}  // namespace
}  // namespace lsm::data
