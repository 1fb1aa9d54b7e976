#include "lsm/units.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace lsm {
namespace {

const Dimension second = Dimension::base(2);
const Dimension ampere = Dimension::base(3);

TEST(Units, PrefixedUnitsScale) {
  EXPECT_DOUBLE_EQ(lookupUnit("ms")->value, 1e-3);
  EXPECT_DOUBLE_EQ(lookupUnit("msecond")->value, 1e-3);
  EXPECT_DOUBLE_EQ(lookupUnit("nA")->value, 1e-9);
  EXPECT_DOUBLE_EQ(lookupUnit("Mohm")->value, 1e6);
  EXPECT_DOUBLE_EQ(lookupUnit("kHz")->value, 1e3);
  EXPECT_DOUBLE_EQ(lookupUnit("pF")->value, 1e-12);
  EXPECT_DOUBLE_EQ(lookupUnit("GHz")->value, 1e9);
  EXPECT_DOUBLE_EQ(lookupUnit("um")->value, 1e-6);
  EXPECT_DOUBLE_EQ(lookupUnit("kg")->value, 1.0);  // the kilogram is the SI base unit
}

TEST(Units, DerivedDimensions) {
  auto volt = lookupUnit("volt")->dimension;
  auto ohm = lookupUnit("ohm")->dimension;
  EXPECT_EQ(ohm * ampere, volt);  // Ohm's law
  EXPECT_EQ(lookupUnit("Hz")->dimension, Dimension{} / second);
  EXPECT_EQ(lookupUnit("farad")->dimension * volt, lookupUnit("coulomb")->dimension);
  EXPECT_EQ(lookupUnit("siemens")->dimension, Dimension{} / ohm);
}

TEST(Units, UnknownNamesAreNotUnits) {
  EXPECT_FALSE(lookupUnit("mz").has_value());
  EXPECT_FALSE(lookupUnit("tau").has_value());
  EXPECT_FALSE(lookupUnit("").has_value());
}

TEST(Units, DimensionsPrintByName) {
  EXPECT_EQ(lookupUnit("mV")->dimension.toString(), "volt");
  EXPECT_EQ(Dimension{}.toString(), "1");
  EXPECT_EQ((lookupUnit("volt")->dimension / second).toString(), "volt/second");
  EXPECT_EQ(Dimension::base(0, 2).toString(), "metre ** 2");
  EXPECT_EQ((Dimension::base(0, 3) * Dimension::base(2, -1)).toString(),
            "metre ** 3 * second ** -1");
}

TEST(Units, PowersAndRoots) {
  Dimension area = Dimension::base(0, 2);
  EXPECT_EQ(area.root(2), Dimension::base(0));
  EXPECT_EQ(Dimension::base(0, 3).root(2)->toString(), "metre ** 1.5");
  EXPECT_FALSE(Dimension::base(0).root(7).has_value());  // 1/7 is no multiple of 1/60
  EXPECT_EQ(Dimension::base(0).power(2), area);
  EXPECT_EQ(Dimension::base(2).power(0.5)->power(2), Dimension::base(2));
  EXPECT_EQ(Dimension::base(2).power(-0.5)->toString(), "second ** -0.5");
  EXPECT_EQ(Dimension::base(2).power(0.25)->toString(), "second ** 0.25");
  EXPECT_EQ(Dimension::base(0).power(2.0 / 3)->toString(), "metre ** (2/3)");
  EXPECT_EQ(Dimension::base(0).power(0.3333333333), Dimension::base(0).power(1.0 / 3));
  EXPECT_FALSE(Dimension::base(2).power(0.123).has_value());
  EXPECT_FALSE(Dimension::base(2).power(std::nan("")).has_value());
  EXPECT_TRUE(Dimension::base(2).power(0.0)->isDimensionless());
  EXPECT_FALSE(Dimension::base(2).power(1e300)->isPlausible());  // saturates
  EXPECT_TRUE((area / area).isDimensionless());
}

TEST(Units, QuantitiesFormatInSi) {
  EXPECT_EQ(formatQuantity({0.015, lookupUnit("volt")->dimension}), "0.015 volt");
  EXPECT_EQ(formatQuantity({3, {}}), "3");
}

}  // namespace
}  // namespace lsm
