#include "synapse_index.hpp"

#include <algorithm>

#include "lsm/trials.hpp"
#include "ordered_blocks.hpp"

namespace lsm {

namespace {

// Below this many synapses a part is not worth a thread of its own.
constexpr std::int64_t synapsesPerPart = 1 << 16;

struct Parts {
  std::int64_t count, size;  // parts of `size` synapses (the last may be shorter)
  std::int64_t first(std::int64_t part) const { return part * size; }
  std::int64_t last(std::int64_t part, std::int64_t total) const {
    return std::min(total, (part + 1) * size);
  }
};

Parts partsOf(std::int64_t total, int threads) {
  const std::int64_t wanted = std::max<std::int64_t>(
      1, std::min<std::int64_t>(threadCount(threads), total / synapsesPerPart));
  return {wanted, (total + wanted - 1) / std::max<std::int64_t>(wanted, 1)};
}

}  // namespace

void indexSynapses(const std::vector<std::int32_t>& ends, std::int64_t start, std::int64_t size,
                   std::vector<std::int64_t>& begin, std::vector<std::int32_t>& synapses,
                   int threads) {
  const auto total = static_cast<std::int64_t>(ends.size());
  // In parts on the threads: each synapse of a part against the one before it (for its first,
  // the previous part's last). While they are sorted, a synapse whose end differs from the one
  // before begins the elements from after that one's up to its own (those between have none):
  // one pass finds both the order and the begins (a binary search per element was a tenth of
  // building CUBA at 256 000 neurons, each step a cache miss). Unsorted, the begins are
  // counted again below.
  begin.resize(static_cast<std::size_t>(size + 1));
  std::vector<char> partSorted(static_cast<std::size_t>(threadCount(threads)), 1);
  const std::int64_t partsRun = runParts(
      total, threads, synapsesPerPart,
      [&](std::int64_t part, std::int64_t first, std::int64_t last) {
        bool sorted = true;
        for (std::int64_t k = first; k < last; ++k) {
          const std::int64_t end = ends[static_cast<std::size_t>(k)] - start;
          const std::int64_t before = k == 0 ? -1 : ends[static_cast<std::size_t>(k - 1)] - start;
          sorted &= before <= end;
          for (std::int64_t e = before + 1; e <= end; ++e) begin[static_cast<std::size_t>(e)] = k;
        }
        partSorted[static_cast<std::size_t>(part)] = sorted;
      });
  if (std::all_of(partSorted.begin(), partSorted.begin() + partsRun,
                  [](char s) { return s != 0; })) {
    for (std::int64_t e = total == 0 ? 0 : ends.back() - start + 1; e <= size; ++e)
      begin[static_cast<std::size_t>(e)] = total;
    synapses.clear();  // the identity
    return;
  }
  // A counting sort of each part's synapses into its own places: part p's synapses of element
  // e follow those of parts before p, as a single pass in synapse order would place them.
  const Parts parts = partsOf(total, threads);
  const auto elements = static_cast<std::size_t>(size);
  std::vector<std::vector<std::int64_t>> next(static_cast<std::size_t>(parts.count));
  runBlocks(parts.count, threads, [&](std::int64_t part, int) {
    std::vector<std::int64_t>& counts = next[static_cast<std::size_t>(part)];
    counts.assign(elements, 0);
    for (std::int64_t k = parts.first(part); k < parts.last(part, total); ++k)
      ++counts[static_cast<std::size_t>(ends[static_cast<std::size_t>(k)] - start)];
  });
  begin.assign(elements + 1, 0);
  std::int64_t place = 0;
  for (std::size_t e = 0; e < elements; ++e) {
    begin[e] = place;
    for (auto& counts : next) {
      const std::int64_t count = counts[e];
      counts[e] = place;
      place += count;
    }
  }
  begin[elements] = place;
  synapses.resize(ends.size());
  runBlocks(parts.count, threads, [&](std::int64_t part, int) {
    std::vector<std::int64_t>& places = next[static_cast<std::size_t>(part)];
    for (std::int64_t k = parts.first(part); k < parts.last(part, total); ++k) {
      const auto e = static_cast<std::size_t>(ends[static_cast<std::size_t>(k)] - start);
      synapses[static_cast<std::size_t>(places[e]++)] = static_cast<std::int32_t>(k);
    }
  });
}

bool eachElementAscending(const std::vector<std::int64_t>& begin,
                          const std::vector<std::int32_t>& synapses,
                          const std::vector<std::int32_t>& others) {
  const bool identity = synapses.empty();
  auto synapseAt = [&](std::size_t place) {
    return identity ? place : static_cast<std::size_t>(synapses[place]);
  };
  for (std::size_t e = 0; e + 1 < begin.size(); ++e) {
    for (auto k = static_cast<std::size_t>(begin[e]) + 1;
         k < static_cast<std::size_t>(begin[e + 1]); ++k) {
      if (others[synapseAt(k - 1)] > others[synapseAt(k)]) return false;
    }
  }
  return true;
}

}  // namespace lsm
