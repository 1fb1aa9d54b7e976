// Memory and work bounds, checked before the work starts: a network or run that would not fit
// is refused with its estimate, instead of failing in an allocation after minutes of work.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "lsm/network.hpp"

namespace lsm {

// Thrown when an estimate exceeds the memory limit; the message gives the estimate, its
// largest parts and the limit.
struct ResourceError : BuildError {
  using BuildError::BuildError;
};

// The memory lsmc may use: what the machine has available now (MemAvailable), or less if the
// process's address space or data size is limited (ulimit -v, -d).
std::uint64_t machineMemory();

// An estimate in bytes, as a sum of named parts. Parts are doubles, so that absurd sizes
// (a step of 1e-30 s) are estimated without overflowing.
class MemoryEstimate {
 public:
  void add(std::string part, double bytes);
  double total() const;
  // Throws ResourceError when the total exceeds `limit` (0: machineMemory()): "`what` needs an
  // estimated 64 GiB (distances per step: 64 GiB, ...), more than the 23.4 GiB ...".
  void require(const std::string& what, std::uint64_t limit) const;
  // The same against the memory this machine has free, for allocations no option limits (a
  // simulation's step plan, lsm/simulation.hpp).
  void requireFree(const std::string& what) const;

 private:
  void refuseBeyond(const std::string& what, double allowed, const char* limit) const;
  std::vector<std::pair<std::string, double>> parts_;
};

// "1.5 GiB", "12 MiB", "3.2e+12 GiB" for humans.
std::string formatBytes(double bytes);

// What one element of an object costs: 8 bytes per per-element variable.
double bytesPerElement(const std::vector<ir::Variable>& variables);

// The memory of a built instance and of `copies` simulations of it (each copies the state,
// and holds its step plan's delay rings, spike lists and variables): what running trials on
// `threads` threads needs before any recording.
MemoryEstimate estimateSimulations(const NetworkInstance& network, int copies);

}  // namespace lsm
