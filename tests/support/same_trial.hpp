// Whether two simulations of the Maass network ended a trial alike, bit for bit: every array of
// every group and synapses, and both spike monitors.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <span>
#include <string>

#include "lsm/simulation.hpp"

namespace lsm::test {

inline bool sameBits(std::span<const double> a, std::span<const double> b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// `what` names the comparison in each failure's message.
inline void expectSameMaassTrial(const Simulation& a, const Simulation& b,
                                 const std::string& what) {
  for (auto objects : {&NetworkInstance::groups, &NetworkInstance::synapses}) {
    for (const auto& [name, object] : a.state().*objects) {
      for (const auto& [variable, values] : object.arrays)
        EXPECT_TRUE(sameBits(values, (b.state().*objects).at(name).arrays.at(variable)))
            << what << ": " << name << "." << variable;
    }
  }
  for (const char* monitor : {"spike_monitor_exc", "spike_monitor_inh"}) {
    EXPECT_EQ(a.spikes(monitor).steps, b.spikes(monitor).steps) << what;
    EXPECT_EQ(a.spikes(monitor).indices, b.spikes(monitor).indices) << what;
  }
}

}  // namespace lsm::test
