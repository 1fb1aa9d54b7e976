// A data file by its extension: .npy is NumPy's binary format, anything else a CSV table.
#include <fstream>
#include <sstream>

#include "data_files/number_table.hpp"

namespace lsm::data {

NumberTable readNumberFile(const std::string& path) {
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
