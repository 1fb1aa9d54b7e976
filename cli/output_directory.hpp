// The output directory of `lsmc run`: made if missing, and probed for writing before any work.
#pragma once

#include <string>

namespace lsm::cli {

// False after saying on stderr why `path` cannot take the outputs.
bool prepareOutputDirectory(const std::string& path);

}  // namespace lsm::cli
