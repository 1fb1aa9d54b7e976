// The memory a step plan runs on (lsm/step_plan.hpp): for each slot, the pointer both backends
// get. The model's variables point into the simulation's working state, indices and adjacency
// into the built instance's connectivity; the plan's own variables, spike lists, delay rings,
// inputs and spike records are owned here.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "lsm/cache_line_vector.hpp"
#include "lsm/monitors.hpp"
#include "lsm/network.hpp"
#include "lsm/sorted_adjacency.hpp"
#include "lsm/step_plan.hpp"
#include "room_vector.hpp"

namespace lsm {

class RunMemory {
 public:
  // `state` (the working copy) and `built` (for its connectivity) must outlive this.
  RunMemory(const ir::StepPlan& plan, NetworkInstance& state, const NetworkInstance& built);
  RunMemory(const RunMemory&) = delete;
  RunMemory& operator=(const RunMemory&) = delete;

  void* const* slots() const { return slots_.data(); }

  // What a RunMemory of `plan` on `network` allocates, in bytes, before it does: its delay
  // rings (each holds up to every source element, or every synapse, at each step of delay) and
  // the rest (spike lists, flags, the plan's own variables).
  struct Bytes {
    double rings = 0, other = 0;
  };
  static Bytes estimate(const ir::StepPlan& plan, const NetworkInstance& network);

  // A new trial: no spikes, nothing in flight, no input, empty records.
  void clear();
  // What the step's random draws are keyed by (a trial's).
  void setRandomKey(std::uint64_t seed, std::uint64_t trial) { randomKey_ = {seed, trial}; }
  // The input of a spike generator: (step, element) pairs, sorted, repeating every
  // `periodSteps` steps (0: not repeating).
  void setInput(const std::string& generator,
                const std::vector<std::pair<std::int64_t, std::int32_t>>& input,
                std::int64_t periodSteps = 0);
  // Makes room in every spike record for more than two steps of spikes (of every element).
  void makeRoom();
  // The records as SpikeTrains, of exactly their length (after a run).
  void finishRecords();
  const SpikeTrain& record(const std::string& monitor) const;

  // Everything a later step depends on besides the variables: this step's spikes, spikes in
  // flight, input still due, the records.
  struct Saved {
    std::vector<std::vector<std::int64_t>> buffers;
    std::map<std::string, SpikeTrain> records;
  };
  Saved save() const;
  void load(const Saved& saved);

 private:
  struct SpikeBuffer {
    std::vector<std::int32_t> elements;
    ir::SpikeList list{};
  };
  struct RingBuffer {
    std::vector<std::int32_t> entries;
    std::vector<std::int64_t> counts;
    ir::DelayRing ring{};
  };
  struct InputBuffer {
    std::vector<std::int64_t> steps;
    std::vector<std::int32_t> elements;
    ir::InputQueue queue{};
  };
  // The plan writes a record's spikes into the room of `indices`, `steps` and `values`
  // (record.capacity of each); finishRecords appends what is new to `train`, which is what
  // record() shows. The room is never trimmed, and grows without being zeroed.
  struct RecordBuffer {
    SpikeTrain train;
    RoomVector<std::int32_t> indices;
    RoomVector<std::int64_t> steps;
    std::vector<RoomVector<double>> values;  // per variable
    std::int64_t published = 0;              // spikes already in `train`
    ir::SpikeRecord record{};
    std::int64_t population = 0;
    std::vector<std::string> variables;  // recorded at each spike
    std::vector<double*> columns;        // the values' arrays, for record.values
    void bind();                         // the record's pointers into the room
    void resize(std::size_t size);       // the room, keeping what it holds
    void publish();                      // the new spikes into `train`
  };

  const ir::StepPlan& plan_;
  std::vector<void*> slots_;
  // std::map: the structures do not move when others are added.
  std::map<int, SpikeBuffer> spikes_;
  std::map<int, RingBuffer> rings_;
  std::map<int, InputBuffer> inputs_;
  std::map<int, RecordBuffer> records_;
  std::map<int, ir::SortedAdjacency> adjacency_;
  std::map<int, std::int64_t> counts_;
  std::map<int, CacheLineVector<double>> own_;  // the plan's own variables
  std::map<int, std::vector<std::uint8_t>> flags_;
  // Delays of synapses whose connectivity holds one for all, for plans that read one each.
  std::map<int, std::vector<std::int32_t>> delays_;
  ir::PlanRandomKey randomKey_;
};

}  // namespace lsm
