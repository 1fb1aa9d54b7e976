// Whether two networks are the same, array for array and bit for bit: every variable of every
// group and synapses, and the connectivity with its indices.
#pragma once

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "lsm/network.hpp"

namespace lsm::test {

inline std::vector<std::uint64_t> bitsOf(std::span<const double> values) {
  std::vector<std::uint64_t> bits;
  bits.reserve(values.size());
  for (double value : values) bits.push_back(std::bit_cast<std::uint64_t>(value));
  return bits;
}

// `what` ends each failure's message (which networks were compared).
inline void expectSameNetwork(const NetworkInstance& a, const NetworkInstance& b,
                              const std::string& what) {
  for (const auto* objects : {&a.groups, &a.synapses}) {
    const auto& others = objects == &a.groups ? b.groups : b.synapses;
    EXPECT_EQ(objects->size(), others.size()) << what;
    for (const auto& [name, object] : *objects) {
      ASSERT_EQ(others.count(name), 1u) << name << what;
      for (const auto& [variable, values] : object.arrays) {
        EXPECT_EQ(bitsOf(values), bitsOf(others.at(name).arrays.at(variable)))
            << name << "." << variable << what;
      }
      for (const auto& [variable, value] : object.scalars) {
        EXPECT_EQ(std::bit_cast<std::uint64_t>(value),
                  std::bit_cast<std::uint64_t>(others.at(name).scalars.at(variable)))
            << name << "." << variable << what;
      }
    }
  }
  EXPECT_EQ(a.connectivity.size(), b.connectivity.size()) << what;
  for (const auto& [name, shared] : a.connectivity) {
    ASSERT_EQ(b.connectivity.count(name), 1u) << name << what;
    const Connectivity& c = *shared;
    const Connectivity& d = *b.connectivity.at(name);
    EXPECT_EQ(c.pre, d.pre) << name << what;
    EXPECT_EQ(c.post, d.post) << name << what;
    EXPECT_EQ(c.delaySteps, d.delaySteps) << name << what;
    EXPECT_EQ(c.maxDelaySteps, d.maxDelaySteps) << name << what;
    EXPECT_EQ(c.outgoingBegin, d.outgoingBegin) << name << what;
    EXPECT_EQ(c.outgoing, d.outgoing) << name << what;
    EXPECT_EQ(c.incomingBegin, d.incomingBegin) << name << what;
    EXPECT_EQ(c.incoming, d.incoming) << name << what;
  }
}

}  // namespace lsm::test
