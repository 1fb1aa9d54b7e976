#include "lsm/resources.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>

#include "run_memory.hpp"

namespace lsm {

std::uint64_t machineMemory() {
  const long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGESIZE);
  double bytes = pages > 0 && pageSize > 0 ? static_cast<double>(pages) * pageSize : 0x1p62;
  // What the kernel could give now without swapping (other programs hold the rest).
  std::ifstream meminfo("/proc/meminfo");
  for (std::string key; meminfo >> key;) {
    double kibibytes = 0;
    if (key == "MemAvailable:" && meminfo >> kibibytes) {
      bytes = std::min(bytes, kibibytes * 1024);
      break;
    }
    meminfo.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  for (int resource : {RLIMIT_AS, RLIMIT_DATA}) {
    rlimit limit{};
    if (getrlimit(resource, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
      bytes = std::min(bytes, static_cast<double>(limit.rlim_cur));
  }
  return static_cast<std::uint64_t>(bytes);
}

void MemoryEstimate::add(std::string part, double bytes) {
  if (bytes > 0) parts_.emplace_back(std::move(part), bytes);
}

double MemoryEstimate::total() const {
  double sum = 0;
  for (const auto& [part, bytes] : parts_) sum += bytes;
  return sum;
}

void MemoryEstimate::require(const std::string& what, std::uint64_t limit) const {
  refuseBeyond(what, static_cast<double>(limit > 0 ? limit : machineMemory()),
               limit > 0 ? "that --max-memory allows"
                         : "this machine has free (--max-memory sets the limit)");
}

void MemoryEstimate::requireFree(const std::string& what) const {
  refuseBeyond(what, static_cast<double>(machineMemory()), "this machine has free");
}

void MemoryEstimate::refuseBeyond(const std::string& what, double allowed,
                                  const char* limit) const {
  const double needed = total();
  if (!(needed > allowed)) return;  // also refuses NaN
  auto parts = parts_;
  std::sort(parts.begin(), parts.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string listed;
  for (std::size_t k = 0; k < parts.size() && k < 3; ++k) {
    listed +=
        fmt::format("{}{}: {}", k == 0 ? "" : ", ", parts[k].first, formatBytes(parts[k].second));
  }
  throw ResourceError(fmt::format("{} needs an estimated {} ({}), more than the {} {}", what,
                                  formatBytes(needed), listed, formatBytes(allowed), limit));
}

std::string formatBytes(double bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (unit < 4 && bytes >= 1024) {
    bytes /= 1024;
    ++unit;
  }
  if (unit == 0) return fmt::format("{:.0f} bytes", bytes);
  return bytes < 1e6 ? fmt::format("{:.3g} {}", bytes, units[unit])
                     : fmt::format("{:.2g} {}", bytes, units[unit]);
}

double bytesPerElement(const std::vector<ir::Variable>& variables) {
  double bytes = 0;
  for (const auto& v : variables)
    if (v.kind != ir::Variable::Kind::subexpression && !v.shared) bytes += sizeof(double);
  return bytes;
}

MemoryEstimate estimateSimulations(const NetworkInstance& network, int copies) {
  double state = 0, connectivity = 0;
  for (const auto& [name, object] : network.groups) {
    for (const auto& [variable, values] : object.arrays)
      state += static_cast<double>(values.size()) * sizeof(double);
  }
  for (const auto& [name, object] : network.synapses) {
    for (const auto& [variable, values] : object.arrays)
      state += static_cast<double>(values.size()) * sizeof(double);
  }
  // Once for all simulations, which share it: per synapse pre, post, delay and its places in
  // the two indices, per element of either population the start of its synapses.
  for (const auto& [name, c] : network.connectivity) {
    connectivity += static_cast<double>(c->pre.size()) * 5 * sizeof(std::int32_t) +
                    static_cast<double>(c->outgoingBegin.size() + c->incomingBegin.size()) *
                        sizeof(std::int64_t);
  }
  // What each simulation allocates for its step plan (run_memory.hpp).
  RunMemory::Bytes plan;
  if (network.model != nullptr && network.model->plan != nullptr)
    plan = RunMemory::estimate(*network.model->plan, network);
  MemoryEstimate estimate;
  estimate.add("network state", state * (1 + copies));
  estimate.add("connectivity", connectivity);
  estimate.add("delay rings", plan.rings * copies);
  estimate.add("spike lists and the plan's variables", plan.other * copies);
  return estimate;
}

}  // namespace lsm
