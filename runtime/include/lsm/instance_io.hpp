// Network instances as data: a documented JSON format (docs/instance-format.md) holding the
// connectivity, every per-element and per-synapse value, and optionally the input spikes of a
// trial. Loading checks the file against the compiled model.
#pragma once

#include <map>
#include <string>

#include "lsm/network.hpp"
#include "lsm/simulation.hpp"

namespace lsm {

struct InstanceFile {
  NetworkInstance network;
  std::map<std::string, InputSpikes> inputs;  // may be empty
};

// Thrown for a file that cannot be read or does not fit the model; the message says why.
struct InstanceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws InstanceError when the file cannot be written.
void saveInstance(const NetworkInstance& network, const std::map<std::string, InputSpikes>& inputs,
                  const std::string& path);
// Variables the file does not give take their implicit defaults (lastspike -1e4 s,
// not_refractory true, lastupdate 0); the integration coefficients and precomputed values are
// recomputed. The file may be gzip-compressed (`.json.gz`). Throws InstanceError for a file
// that cannot be read or does not fit the model,
// BuildError for connections outside their populations or negative delays.
InstanceFile loadInstance(std::shared_ptr<const ir::Model> model, const std::string& path);
// As loadInstance, from the text of a file; `path` names it in messages.
InstanceFile readInstance(std::shared_ptr<const ir::Model> model, const std::string& text,
                          const std::string& path);

}  // namespace lsm
