// `lsmc run`: the model's experiment, with its data, figure and summary.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "lsm/ir.hpp"

namespace lsm::cli {

struct RunOptions {
  std::string file;
  std::optional<std::int64_t> pairs;
  std::optional<std::uint64_t> seed;
  std::optional<double> duration;  // seconds: of the simulation, or of each separation trial
  int threads = 0;                 // 0: all cores
  std::string out = "out";
  bool quiet = false;
  bool interpreter = false;
  std::string instance;         // run on this saved instance instead of sampling a network
  std::uint64_t maxMemory = 0;  // bytes a network and its run may need; 0: the machine's
  double compileSeconds = 0;    // front end, measured by the caller
};

// Returns the exit code.
int runExperiment(const ir::Model& model, const RunOptions& options);

}  // namespace lsm::cli
