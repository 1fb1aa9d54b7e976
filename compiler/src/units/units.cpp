#include "lsm/units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace lsm {

namespace {

// Saturates instead of wrapping around; isPlausible() rejects the result.
std::int16_t saturated(long long numerator) {
  return static_cast<std::int16_t>(std::clamp<long long>(numerator, -32767, 32767));
}

}  // namespace

Dimension Dimension::base(int index, int exponent) {
  Dimension d;
  d.numerators_[static_cast<std::size_t>(index)] =
      saturated(static_cast<long long>(exponent) * denominator);
  return d;
}

bool Dimension::isDimensionless() const {
  for (auto e : numerators_)
    if (e != 0) return false;
  return true;
}

Dimension Dimension::operator*(const Dimension& other) const {
  Dimension d;
  for (std::size_t k = 0; k < numerators_.size(); ++k)
    d.numerators_[k] = saturated(numerators_[k] + other.numerators_[k]);
  return d;
}

Dimension Dimension::operator/(const Dimension& other) const {
  Dimension d;
  for (std::size_t k = 0; k < numerators_.size(); ++k)
    d.numerators_[k] = saturated(numerators_[k] - other.numerators_[k]);
  return d;
}

Dimension Dimension::power(int exponent) const {
  Dimension d;
  for (std::size_t k = 0; k < numerators_.size(); ++k)
    d.numerators_[k] = saturated(static_cast<long long>(numerators_[k]) * exponent);
  return d;
}

std::optional<Dimension> Dimension::power(double exponent) const {
  if (!std::isfinite(exponent)) return std::nullopt;
  Dimension d;
  for (std::size_t k = 0; k < numerators_.size(); ++k) {
    double numerator = numerators_[k] * exponent;
    double whole = std::round(numerator);
    // 1e-9: an exponent written in decimals (0.3333333333) still means a third.
    if (std::abs(numerator - whole) > 1e-9 * std::max(1.0, std::abs(numerator))) {
      return std::nullopt;
    }
    d.numerators_[k] = saturated(static_cast<long long>(std::clamp(whole, -1e6, 1e6)));
  }
  return d;
}

std::optional<Dimension> Dimension::root(int degree) const {
  Dimension d;
  for (std::size_t k = 0; k < numerators_.size(); ++k) {
    if (numerators_[k] % degree != 0) return std::nullopt;
    d.numerators_[k] = static_cast<std::int16_t>(numerators_[k] / degree);
  }
  return d;
}

namespace {

// SI exponents (m, kg, s, A, K, mol, cd).
Dimension dim(int m, int kg, int s, int a, int k = 0, int mol = 0, int cd = 0) {
  return Dimension::base(0, m) * Dimension::base(1, kg) * Dimension::base(2, s) *
         Dimension::base(3, a) * Dimension::base(4, k) * Dimension::base(5, mol) *
         Dimension::base(6, cd);
}

struct UnitDefinition {
  std::string name;
  std::string symbol;  // empty when the unit has none that is safe to use
  double scale;
  Dimension dimension;
};

// Brian2's names and symbols. The gram is listed so that "kg", "mg" come out right.
const std::vector<UnitDefinition>& unitDefinitions() {
  static const std::vector<UnitDefinition> units = {
      {"metre", "m", 1.0, dim(1, 0, 0, 0)},
      {"meter", "", 1.0, dim(1, 0, 0, 0)},
      {"gram", "g", 1e-3, dim(0, 1, 0, 0)},
      {"gramme", "", 1e-3, dim(0, 1, 0, 0)},
      {"second", "s", 1.0, dim(0, 0, 1, 0)},
      {"amp", "A", 1.0, dim(0, 0, 0, 1)},
      {"ampere", "", 1.0, dim(0, 0, 0, 1)},
      {"kelvin", "K", 1.0, dim(0, 0, 0, 0, 1)},
      {"mole", "mol", 1.0, dim(0, 0, 0, 0, 0, 1)},
      {"mol", "", 1.0, dim(0, 0, 0, 0, 0, 1)},
      {"candela", "cd", 1.0, dim(0, 0, 0, 0, 0, 0, 1)},
      {"volt", "V", 1.0, dim(2, 1, -3, -1)},
      {"ohm", "", 1.0, dim(2, 1, -3, -2)},
      {"siemens", "S", 1.0, dim(-2, -1, 3, 2)},
      {"farad", "F", 1.0, dim(-2, -1, 4, 2)},
      {"hertz", "Hz", 1.0, dim(0, 0, -1, 0)},
      {"coulomb", "C", 1.0, dim(0, 0, 1, 1)},
      {"newton", "N", 1.0, dim(1, 1, -2, 0)},
      {"joule", "J", 1.0, dim(2, 1, -2, 0)},
      {"watt", "W", 1.0, dim(2, 1, -3, 0)},
      {"pascal", "Pa", 1.0, dim(-1, 1, -2, 0)},
      {"henry", "H", 1.0, dim(2, 1, -2, -2)},
      {"weber", "Wb", 1.0, dim(2, 1, -2, -1)},
      {"tesla", "T", 1.0, dim(0, 1, -2, -1)},
      {"molar", "", 1e3, dim(-3, 0, 0, 0, 0, 1)},
      {"liter", "", 1e-3, dim(3, 0, 0, 0)},
      {"litre", "", 1e-3, dim(3, 0, 0, 0)},
  };
  return units;
}

const std::map<std::string, double, std::less<>>& prefixes() {
  static const std::map<std::string, double, std::less<>> table = {
      {"f", 1e-15}, {"p", 1e-12}, {"n", 1e-9}, {"u", 1e-6}, {"m", 1e-3},
      {"c", 1e-2},  {"k", 1e3},   {"M", 1e6},  {"G", 1e9}};
  return table;
}

const std::map<std::string, Quantity, std::less<>>& unitTable() {
  static const std::map<std::string, Quantity, std::less<>> table = [] {
    std::map<std::string, Quantity, std::less<>> t;
    for (const auto& unit : unitDefinitions()) {
      for (const std::string& spelling : {unit.name, unit.symbol}) {
        if (spelling.empty()) continue;
        t.emplace(spelling, Quantity{unit.scale, unit.dimension});
        for (const auto& [prefix, factor] : prefixes()) {
          t.emplace(prefix + spelling, Quantity{unit.scale * factor, unit.dimension});
        }
      }
    }
    return t;
  }();
  return table;
}

struct NamedDimension {
  const char* name;
  Dimension dimension;
};

const std::vector<NamedDimension>& namedDimensions() {
  static const std::vector<NamedDimension> names = {
      {"second", dim(0, 0, 1, 0)},
      {"metre", dim(1, 0, 0, 0)},
      {"kilogram", dim(0, 1, 0, 0)},
      {"ampere", dim(0, 0, 0, 1)},
      {"kelvin", dim(0, 0, 0, 0, 1)},
      {"mole", dim(0, 0, 0, 0, 0, 1)},
      {"candela", dim(0, 0, 0, 0, 0, 0, 1)},
      {"volt", dim(2, 1, -3, -1)},
      {"ohm", dim(2, 1, -3, -2)},
      {"siemens", dim(-2, -1, 3, 2)},
      {"farad", dim(-2, -1, 4, 2)},
      {"hertz", dim(0, 0, -1, 0)},
      {"coulomb", dim(0, 0, 1, 1)},
      {"newton", dim(1, 1, -2, 0)},
      {"joule", dim(2, 1, -2, 0)},
      {"watt", dim(2, 1, -3, 0)},
      {"henry", dim(2, 1, -2, -2)},
      {"weber", dim(2, 1, -2, -1)},
      {"tesla", dim(0, 1, -2, -1)},
      {"volt/second", dim(2, 1, -4, -1)},
      {"ampere/second", dim(0, 0, -1, 1)},
  };
  return names;
}

}  // namespace

std::string Dimension::toString() const {
  if (isDimensionless()) return "1";
  for (const auto& named : namedDimensions()) {
    if (named.dimension == *this) return named.name;
  }
  static const char* baseNames[baseCount] = {"metre",  "kilogram", "second", "ampere",
                                             "kelvin", "mole",     "candela"};
  std::string out;
  for (std::size_t k = 0; k < numerators_.size(); ++k) {
    int e = numerators_[k];
    if (e == 0) continue;
    if (!out.empty()) out += " * ";
    out += baseNames[k];
    if (e == denominator) continue;
    if (e % denominator == 0) {
      out += fmt::format(" ** {}", e / denominator);
    } else if ((e * 100) % denominator == 0) {  // halves, quarters, fifths: as decimals
      out += fmt::format(" ** {:g}", static_cast<double>(e) / denominator);
    } else {  // thirds, sixths: as a fraction
      int common = std::gcd(e, denominator);
      out += fmt::format(" ** ({}/{})", e / common, denominator / common);
    }
  }
  return out;
}

std::string Dimension::describe() const {
  return isDimensionless() ? "dimensionless" : toString();
}

std::string Dimension::phrase() const {
  return isDimensionless() ? "is dimensionless" : "has dimension " + toString();
}

bool Dimension::isPlausible() const {
  for (auto e : numerators_)
    if (e > 24 * denominator || e < -24 * denominator) return false;
  return true;
}

std::optional<Quantity> lookupUnit(std::string_view name) {
  const auto& table = unitTable();
  auto found = table.find(name);
  if (found == table.end()) return std::nullopt;
  return found->second;
}

const std::vector<std::string>& baseUnitNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [name, quantity] : unitTable()) out.push_back(name);
    return out;
  }();
  return names;
}

std::string formatQuantity(const Quantity& quantity) {
  if (quantity.dimension.isDimensionless()) return fmt::format("{}", quantity.value);
  return fmt::format("{} {}", quantity.value, quantity.dimension.toString());
}

}  // namespace lsm
