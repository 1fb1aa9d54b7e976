#include "lsm/ir.hpp"

namespace lsm::ir {

Expr Expr::makeConstant(double value, Dimension dimension, SourceLocation location) {
  Expr e;
  e.kind = Kind::constant;
  e.value = value;
  e.dimension = dimension;
  e.location = std::move(location);
  return e;
}

std::string LinearSystem::coefficientName(const char* matrix, const std::string& row,
                                          const std::string& column) {
  return std::string("_") + matrix + "[" + row + "," + column + "]";
}

namespace {
template <typename Owner>
const Variable* findIn(const Owner& owner, const std::string& name) {
  for (const auto& v : owner.variables)
    if (v.name == name) return &v;
  return nullptr;
}
}  // namespace

const Variable* NeuronGroup::findVariable(const std::string& name) const {
  return findIn(*this, name);
}
const Variable* Synapses::findVariable(const std::string& name) const {
  return findIn(*this, name);
}

const SummedVariable* Synapses::findSummed(const std::string& target) const {
  for (const auto& s : summed)
    if (s.target == target) return &s;
  return nullptr;
}

const Setting* Experiment::find(const std::string& name) const {
  for (const auto& s : settings)
    if (s.name == name) return &s;
  return nullptr;
}

const NeuronGroup* Model::findGroup(const std::string& name) const {
  for (const auto& g : groups)
    if (g.name == name) return &g;
  return nullptr;
}
NeuronGroup* Model::findGroup(const std::string& name) {
  for (auto& g : groups)
    if (g.name == name) return &g;
  return nullptr;
}

const Synapses* Model::findSynapses(const std::string& name) const {
  for (const auto& s : synapses)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace lsm::ir
