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
  // Exponents are multiples of 1/denominator, exactly: Brian2's models use halves
  // (`xi` has dimension second ** -0.5, `sqrt(ms)`), and 60 also covers thirds, quarters,
  // fifths and sixths.
  static constexpr int denominator = 60;

  constexpr Dimension() = default;
  static Dimension base(int index, int exponent = 1);

  double exponent(int index) const {
    return static_cast<double>(numerators_[static_cast<std::size_t>(index)]) / denominator;
  }
  bool isDimensionless() const;

  Dimension operator*(const Dimension& other) const;
  Dimension operator/(const Dimension& other) const;
  Dimension power(int exponent) const;
  // The dimension raised to a real power (`ms ** 0.5`); nullopt when an exponent of the
  // result is no multiple of 1/denominator.
  std::optional<Dimension> power(double exponent) const;
  // The degree-th root, when it is a dimension (`sqrt(ms)`: second ** 0.5).
  std::optional<Dimension> root(int degree) const;
  friend bool operator==(const Dimension&, const Dimension&) = default;

  // "volt", "ampere", "1", or base units like "metre ** 2 * second ** -0.5".
  std::string toString() const;
  // As toString, but "dimensionless" for 1: for messages.
  std::string describe() const;
  // "has dimension volt" or "is dimensionless": for messages.
  std::string phrase() const;
  // Whether every exponent stays within what a physical unit plausibly has (|e| <= 24), so
  // that powers cannot overflow the exponents.
  bool isPlausible() const;

 private:
  std::array<std::int16_t, baseCount> numerators_{};
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
