#include "lsm/instance_io.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "instance_completion.hpp"
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

// Fills `state` (allocated for the model) from the file's object.
void readObject(const Json& in, ObjectState& state, const std::string& what) {
  if (in.value("size", std::int64_t{-1}) != state.size) {
    throw InstanceError(fmt::format("{} has {} elements in the file, {} in the model", what,
                                    in.value("size", std::int64_t{-1}), state.size));
  }
  for (auto& [name, values] : state.arrays) {
    if (name.front() == '_') continue;  // computed by lsmc (see below)
    if (!in.contains("arrays") || !in["arrays"].contains(name)) continue;
    auto given = in["arrays"][name].get<std::vector<double>>();
    if (given.size() != values.size()) {
      throw InstanceError(
          fmt::format("{}.{} has {} values, expected {}", what, name, given.size(), values.size()));
    }
    values = std::move(given);
  }
  for (auto& [name, value] : state.scalars) {
    if (name.front() == '_') continue;
    if (in.contains("scalars") && in["scalars"].contains(name))
      value = in["scalars"][name].get<double>();
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
    const Connectivity& c = network.connectivity.at(name);
    s["pre"] = c.pre;
    s["post"] = c.post;
    s["delay_steps"] = c.delaySteps;
    out["synapses"][name] = std::move(s);
  }
  for (const auto& [name, input] : inputs) {
    out["inputs"][name] = {{"indices", input.indices}, {"times", input.times}};
  }
  std::ofstream file(path);
  if (!file) throw InstanceError(fmt::format("cannot write '{}'", path));
  file << out.dump();
  if (!file) throw InstanceError(fmt::format("cannot write '{}'", path));
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
  } catch (const Json::parse_error& error) {
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
    network.seed = in.value("seed", std::uint64_t{0});
    allocateInstance(network);
    for (auto& [name, state] : network.groups) {
      if (!in.contains("groups") || !in["groups"].contains(name)) {
        throw InstanceError(fmt::format("the file has no group '{}'", name));
      }
      readObject(in["groups"][name], state, "group '" + name + "'");
    }
    for (const auto& s : model->synapses) {
      if (!in.contains("synapses") || !in["synapses"].contains(s.name)) {
        throw InstanceError(fmt::format("the file has no synapses '{}'", s.name));
      }
      const Json& js = in["synapses"][s.name];
      Connectivity& c = network.connectivity[s.name];
      c.pre = js.at("pre").get<std::vector<std::int32_t>>();
      c.post = js.at("post").get<std::vector<std::int32_t>>();
      c.delaySteps = js.at("delay_steps").get<std::vector<std::int32_t>>();
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
    completeInstance(network);
    if (in.contains("inputs")) {
      for (const auto& [name, input] : in["inputs"].items()) {
        out.inputs[name] = {input.at("indices").get<std::vector<std::int32_t>>(),
                            input.at("times").get<std::vector<double>>()};
      }
    }
    return out;
  } catch (const Json::exception& error) {
    throw InstanceError(fmt::format("'{}': {}", path, error.what()));
  }
}

}  // namespace lsm
