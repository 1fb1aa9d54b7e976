// Physical dimensions and units: exponents of the SI base dimensions plus a scale.
// Units are checked once in semantic analysis; later stages see plain numbers in SI.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lsm {

class Dimension {
 public:
  // Order of the base dimensions: metre, kilogram, second, ampere, kelvin, mole, candela.
  static constexpr int baseCount = 7;

  constexpr Dimension() = default;
  static Dimension base(int index, int exponent = 1);

  int exponent(int index) const { return exponents_[static_cast<std::size_t>(index)]; }
  bool isDimensionless() const;

  Dimension operator*(const Dimension& other) const;
  Dimension operator/(const Dimension& other) const;
  Dimension power(int exponent) const;
  // The square root when every exponent is even.
  std::optional<Dimension> root(int degree) const;
  friend bool operator==(const Dimension&, const Dimension&) = default;

  // "volt", "ampere", "1", or base units like "metre ** 2 * second ** -1".
  std::string toString() const;
  // As toString, but "dimensionless" for 1: for messages.
  std::string describe() const;
  // "has dimension volt" or "is dimensionless": for messages.
  std::string phrase() const;
  // Whether every exponent stays within what a physical unit plausibly has (|e| <= 24), so
  // that powers cannot overflow the exponents.
  bool isPlausible() const;

 private:
  std::array<std::int8_t, baseCount> exponents_{};
};

// A value in SI units with its dimension.
struct Quantity {
  double value = 0.0;
  Dimension dimension;
};

// Looks up a unit name such as "mV", "msecond", "Mohm", "Hz", "metre": its SI scale and
// dimension. The prefixes f p n u m c k M G combine with every unit name and symbol.
std::optional<Quantity> lookupUnit(std::string_view name);
// All unit names without prefixes, for suggestions.
const std::vector<std::string>& baseUnitNames();

// Formats a quantity for humans: "0.015 volt", "3 (dimensionless)" is "3".
std::string formatQuantity(const Quantity& quantity);

}  // namespace lsm
