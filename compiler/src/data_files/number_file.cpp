// A data file by its extension: .npy is NumPy's binary format, anything else a CSV table.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "data_files/number_table.hpp"

namespace lsm::data {

namespace {

// Larger files are refused before they are read (a model may name any path: /dev/zero, a
// directory, a file of many gigabytes).
constexpr std::uintmax_t largestFile = std::uintmax_t{1} << 30;

}  // namespace

NumberTable readNumberFile(const std::string& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) throw DataFileError("cannot open the file");
  if (!std::filesystem::is_regular_file(status)) throw DataFileError("not a regular file");
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) throw DataFileError("cannot read the file");
  if (size > largestFile) throw DataFileError("larger than 1 GiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataFileError("cannot open the file");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) throw DataFileError("cannot read the file");
  const std::string content = std::move(bytes).str();
  const bool npy = path.size() >= 4 && path.compare(path.size() - 4, 4, ".npy") == 0;
  return npy ? readNpy(content) : readCsv(content);
}

}  // namespace lsm::data
