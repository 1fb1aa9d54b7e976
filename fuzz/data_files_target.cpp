// Fuzz target: data files (.npy and CSV) that models name for spike times and timed arrays.
// The input's first byte picks the reader, the rest is the file; a malformed file must be a
// DataFileError, and an accepted one a table whose values fill its shape. Anything else (an
// escaped exception of another kind, a crash, a sanitizer report) is a finding.
#include <cstdint>
#include <exception>
#include <string_view>

#include "data_files/number_table.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    const lsm::data::NumberTable table =
        data[0] % 2 == 0 ? lsm::data::readNpy(bytes) : lsm::data::readCsv(bytes);
    std::int64_t count = 1;
    for (std::int64_t extent : table.shape) count *= extent;
    if (table.shape.empty() || static_cast<std::size_t>(count) != table.values.size()) {
      lsm::fuzz::finding("a table whose values do not fill its shape");
    }
  } catch (const lsm::data::DataFileError&) {
  } catch (const std::exception& e) {
    lsm::fuzz::finding(std::string("escaped exception: ") + e.what());
  }
  return 0;
}
