#include "lsm/instance_io.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "instance_completion.hpp"
#include "lsm/output_file.hpp"
#include "text_file.hpp"

namespace lsm {

namespace {

using Json = nlohmann::json;

constexpr const char* formatName = "lsmc-instance";
constexpr int formatVersion = 1;

Json objectJson(const ObjectState& state) {
  Json out;
  out["size"] = state.size;
  out["arrays"] = Json::object();
  for (const auto& [name, values] : state.arrays) {
    if (name.front() == '_') continue;  // coefficients are recomputed from the constants
    out["arrays"][name] = values;
  }
  out["scalars"] = Json::object();
  for (const auto& [name, value] : state.scalars) {
    if (name.front() == '_') continue;
    out["scalars"][name] = value;
  }
  return out;
}

// The numbers of a JSON array, each finite: nlohmann would give inf for 1e400.
std::vector<double> readValues(const Json& array, const std::string& what) {
  if (!array.is_array()) throw InstanceError(fmt::format("{} is not an array", what));
  std::vector<double> values;
  values.reserve(array.size());
  for (std::size_t k = 0; k < array.size(); ++k) {
    const Json& value = array[k];
    if (!value.is_number() || !std::isfinite(value.get<double>())) {
      throw InstanceError(fmt::format("{}[{}] is {}, not a finite number", what, k, value.dump()));
    }
    values.push_back(value.get<double>());
  }
  return values;
}

// Whole numbers in [low, high]: nlohmann's conversion to std::int32_t would cut 2^40 and 1.5
// and wrap 2^31 + 5 to a negative number.
std::vector<std::int32_t> readIntegers(const Json& array, const std::string& what, std::int64_t low,
                                       std::int64_t high) {
  if (!array.is_array()) throw InstanceError(fmt::format("{} is not an array", what));
  std::vector<std::int32_t> values;
  values.reserve(array.size());
  for (std::size_t k = 0; k < array.size(); ++k) {
    const Json& value = array[k];
    bool ok = false;
    if (value.is_number_unsigned()) {
      ok = value.get<std::uint64_t>() <= static_cast<std::uint64_t>(high);
    } else if (value.is_number_integer()) {
      ok = value.get<std::int64_t>() >= low && value.get<std::int64_t>() <= high;
    } else if (value.is_number_float()) {  // 1e9 is a whole number written as a float
      const double x = value.get<double>();
      ok = x >= static_cast<double>(low) && x <= static_cast<double>(high) && std::trunc(x) == x;
    }
    if (!ok) {
      throw InstanceError(fmt::format("{}[{}] is {}, not a whole number from {} to {}", what, k,
                                      value.dump(), low, high));
    }
    values.push_back(static_cast<std::int32_t>(value.is_number_float()
                                                   ? static_cast<std::int64_t>(value.get<double>())
                                                   : value.get<std::int64_t>()));
  }
  return values;
}

// The input spikes of the file: for spike generators of the model, with indices inside the
// generator and times that are finite, not negative, and a step number a 64-bit integer holds.
InputSpikes readInput(const Json& input, const ir::SpikeGenerator& generator, double dt) {
  const std::string what = fmt::format("inputs '{}'", generator.name);
  if (!input.is_object()) throw InstanceError(fmt::format("{} is not an object", what));
  InputSpikes spikes{readIntegers(input.at("indices"), what + ".indices", 0, generator.size - 1),
                     readValues(input.at("times"), what + ".times")};
  if (spikes.indices.size() != spikes.times.size()) {
    throw InstanceError(fmt::format("{} has {} indices and {} times", what, spikes.indices.size(),
                                    spikes.times.size()));
  }
  for (std::size_t k = 0; k < spikes.times.size(); ++k) {
    if (spikes.times[k] < 0 || spikes.times[k] / dt > 0x1p62) {
      throw InstanceError(
          fmt::format("{}.times[{}] is {} s, outside 0 to 2^62 steps", what, k, spikes.times[k]));
    }
  }
  return spikes;
}

// Fills `state` (allocated for the model) from the file's object.
void readObject(const Json& in, ObjectState& state, const std::string& what) {
  if (!in.is_object()) throw InstanceError(fmt::format("{} is not an object", what));
  if (in.value("size", std::int64_t{-1}) != state.size) {
    throw InstanceError(fmt::format("{} has {} elements in the file, {} in the model", what,
                                    in.value("size", std::int64_t{-1}), state.size));
  }
  for (auto& [name, values] : state.arrays) {
    if (name.front() == '_') continue;  // computed by lsmc (see below)
    if (!in.contains("arrays") || !in["arrays"].contains(name)) continue;
    auto given = readValues(in["arrays"][name], fmt::format("{}.{}", what, name));
    if (given.size() != values.size()) {
      throw InstanceError(
          fmt::format("{}.{} has {} values, expected {}", what, name, given.size(), values.size()));
    }
    values.assign(given.begin(), given.end());
  }
  for (auto& [name, value] : state.scalars) {
    if (name.front() == '_') continue;
    if (in.contains("scalars") && in["scalars"].contains(name)) {
      const Json& given = in["scalars"][name];
      if (!given.is_number() || !std::isfinite(given.get<double>())) {
        throw InstanceError(
            fmt::format("{}.{} is {}, not a finite number", what, name, given.dump()));
      }
      value = given.get<double>();
    }
  }
  for (const char* section : {"arrays", "scalars"}) {
    if (!in.contains(section)) continue;
    for (const auto& [name, _] : in[section].items()) {
      // Coefficients, precomputed values and the lazy synapses' bookkeeping follow from the
      // rest; a file that set them could contradict it.
      if (!name.empty() && name.front() == '_') {
        throw InstanceError(
            fmt::format("{} gives '{}', which lsmc computes itself; leave it out", what, name));
      }
      if (!state.has(name)) {
        throw InstanceError(fmt::format("{} has no variable '{}' in the model", what, name));
      }
    }
  }
}

}  // namespace

void saveInstance(const NetworkInstance& network, const std::map<std::string, InputSpikes>& inputs,
                  const std::string& path) {
  Json out;
  out["format"] = formatName;
  out["version"] = formatVersion;
  out["dt"] = network.dt;
  out["seed"] = network.seed;
  for (const auto& [name, state] : network.groups) out["groups"][name] = objectJson(state);
  for (const auto& [name, state] : network.synapses) {
    Json s = objectJson(state);
    const Connectivity& c = *network.connectivity.at(name);
    s["pre"] = c.pre;
    s["post"] = c.post;
    s["delay_steps"] = c.delaySteps.empty()
                           ? std::vector<std::int32_t>(c.pre.size(), c.maxDelaySteps)
                           : c.delaySteps;
    out["synapses"][name] = std::move(s);
  }
  for (const auto& [name, input] : inputs) {
    out["inputs"][name] = {{"indices", input.indices}, {"times", input.times}};
  }
  try {
    writeFileAtomically(path, out.dump());
  } catch (const OutputError& error) {
    throw InstanceError(error.what());
  }
}

InstanceFile loadInstance(std::shared_ptr<const ir::Model> model, const std::string& path) {
  std::optional<std::string> text = readTextFile(path);  // plain or gzip
  if (!text) throw InstanceError(fmt::format("cannot open '{}'", path));
  return readInstance(std::move(model), *text, path);
}

InstanceFile readInstance(std::shared_ptr<const ir::Model> model, const std::string& text,
                          const std::string& path) {
  Json in;
  try {
    in = Json::parse(text);
  } catch (const Json::exception& error) {  // parse_error, and out_of_range for 1e400
    throw InstanceError(fmt::format("'{}' is not valid JSON: {}", path, error.what()));
  }
  try {
    if (in.value("format", "") != formatName || in.value("version", 0) != formatVersion) {
      throw InstanceError(
          fmt::format("'{}' is not an {} file of version {}", path, formatName, formatVersion));
    }
    InstanceFile out;
    NetworkInstance& network = out.network;
    network.model = model;
    network.dt = in.at("dt").get<double>();
    if (!in.at("dt").is_number() || !(network.dt > 0) || !std::isfinite(network.dt)) {
      throw InstanceError(
          fmt::format("dt is {}, not a positive number of seconds", in.at("dt").dump()));
    }
    if (in.contains("seed") && !in["seed"].is_number_unsigned()) {
      throw InstanceError(
          fmt::format("seed is {}, not a whole number from 0 to 2^64 - 1", in["seed"].dump()));
    }
    network.seed = in.value("seed", std::uint64_t{0});
    allocateInstance(network);
    for (auto& [name, state] : network.groups) {
      if (!in.contains("groups") || !in["groups"].contains(name)) {
        throw InstanceError(fmt::format("the file has no group '{}'", name));
      }
      readObject(in["groups"][name], state, "group '" + name + "'");
    }
    std::map<std::string, Connectivity> connections;
    for (const auto& s : model->synapses) {
      if (!in.contains("synapses") || !in["synapses"].contains(s.name)) {
        throw InstanceError(fmt::format("the file has no synapses '{}'", s.name));
      }
      const Json& js = in["synapses"][s.name];
      Connectivity& c = connections[s.name];
      const std::string what = fmt::format("synapses '{}'", s.name);
      // Indices are checked against the populations by completeInstance; delays by the
      // memory their rings need (lsm/resources.hpp).
      c.pre = readIntegers(js.at("pre"), what + ".pre", 0, maxElements - 1);
      c.post = readIntegers(js.at("post"), what + ".post", 0, maxElements - 1);
      c.delaySteps = readIntegers(js.at("delay_steps"), what + ".delay_steps", 0, maxDelaySteps);
      if (c.post.size() != c.pre.size() || c.delaySteps.size() != c.pre.size()) {
        throw InstanceError(
            fmt::format("synapses '{}': pre, post and delay_steps differ in "
                        "length",
                        s.name));
      }
      ObjectState& state = network.synapses[s.name];
      state = allocateObject(s.variables, static_cast<std::int64_t>(c.pre.size()));
      readObject(js, state, "synapses '" + s.name + "'");
    }
    completeInstance(network, std::move(connections));
    if (in.contains("inputs")) {
      if (!in["inputs"].is_object()) throw InstanceError("inputs is not an object");
      for (const auto& [name, input] : in["inputs"].items()) {
        const ir::SpikeGenerator* generator = nullptr;
        for (const auto& g : model->generators)
          if (g.name == name) generator = &g;
        if (generator == nullptr) {
          throw InstanceError(
              fmt::format("inputs '{}': the model has no spike_generator of that name", name));
        }
        out.inputs[name] = readInput(input, *generator, network.dt);
      }
    }
    return out;
  } catch (const Json::exception& error) {
    throw InstanceError(fmt::format("'{}': {}", path, error.what()));
  }
}

}  // namespace lsm
