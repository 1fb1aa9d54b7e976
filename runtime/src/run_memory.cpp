#include "run_memory.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "synapse_index.hpp"

namespace lsm {

namespace {

ObjectState& objectOf(NetworkInstance& state, const std::string& name) {
  if (auto g = state.groups.find(name); g != state.groups.end()) return g->second;
  if (auto s = state.synapses.find(name); s != state.synapses.end()) return s->second;
  throw std::logic_error("run memory: no object " + name);
}

void* variable(ObjectState& object, const std::string& name) {
  if (auto a = object.arrays.find(name); a != object.arrays.end()) return a->second.data();
  if (auto s = object.scalars.find(name); s != object.scalars.end()) return &s->second;
  throw std::logic_error("run memory: no variable " + name);
}

// Pointers into const connectivity, for slots the plan only reads.
template <typename T>
void* readOnly(const std::vector<T>& values) {
  return const_cast<T*>(values.data());
}

// A delay ring's positions (one more than the largest delay, so that every entry is due within
// one round) and the entries each holds: each source element (or each synapse) at most once.
struct RingShape {
  std::int64_t length, capacity;
};
RingShape ringShape(const ir::PlanSlot& s, const Connectivity& c) {
  return {c.maxDelaySteps + 1,
          std::max<std::int64_t>(s.size > 0 ? s.size : static_cast<std::int64_t>(c.pre.size()), 1)};
}

// The elements of a plan variable of its own.
std::int64_t ownSize(const ir::PlanSlot& s, const NetworkInstance& state) {
  std::int64_t size = s.shared ? 1 : s.size;
  if (!s.shared && size == 0) size = state.synapses.at(s.object).size;
  return std::max<std::int64_t>(size, 1);
}

}  // namespace

RunMemory::Bytes RunMemory::estimate(const ir::StepPlan& plan, const NetworkInstance& network) {
  Bytes bytes;
  for (const ir::PlanSlot& s : plan.slots) {
    switch (s.kind) {
      case ir::PlanSlot::Kind::ring: {
        const RingShape shape = ringShape(s, *network.connectivity.at(s.object));
        bytes.rings +=
            static_cast<double>(shape.length) *
            (static_cast<double>(shape.capacity) * sizeof(std::int32_t) + sizeof(std::int64_t));
        break;
      }
      case ir::PlanSlot::Kind::variable:
        if (s.planOwned) bytes.other += static_cast<double>(ownSize(s, network)) * sizeof(double);
        break;
      case ir::PlanSlot::Kind::spikes:
        bytes.other +=
            static_cast<double>(std::max<std::int64_t>(s.size, 1)) * sizeof(std::int32_t);
        break;
      case ir::PlanSlot::Kind::flags:
        bytes.other += static_cast<double>(std::max<std::int64_t>(s.size, 1));
        break;
      default:
        break;  // connectivity is the built instance's; inputs and records grow as they fill
    }
  }
  return bytes;
}

RunMemory::RunMemory(const ir::StepPlan& plan, NetworkInstance& state, const NetworkInstance& built)
    : plan_(plan), slots_(plan.slots.size(), nullptr) {
  using K = ir::PlanSlot::Kind;
  for (std::size_t k = 0; k < plan.slots.size(); ++k) {
    const ir::PlanSlot& s = plan.slots[k];
    const int slot = static_cast<int>(k);
    switch (s.kind) {
      case K::variable: {
        if (!s.planOwned) {
          slots_[k] = variable(objectOf(state, s.object), s.variable);
          break;
        }
        CacheLineVector<double>& values = own_[slot];
        values.assign(static_cast<std::size_t>(ownSize(s, state)), 0.0);
        slots_[k] = values.data();
        break;
      }
      case K::preIndices:
        slots_[k] = readOnly(built.connectivity.at(s.object)->pre);
        break;
      case K::postIndices:
        slots_[k] = readOnly(built.connectivity.at(s.object)->post);
        break;
      case K::delays: {
        const Connectivity& c = *built.connectivity.at(s.object);
        if (c.delaySteps.empty() && !c.pre.empty()) {
          delays_[slot].assign(c.pre.size(), c.maxDelaySteps);
          slots_[k] = delays_[slot].data();
        } else {
          slots_[k] = readOnly(c.delaySteps);
        }
        break;
      }
      case K::linkIndices:
        slots_[k] = readOnly(s.indices);
        break;
      case K::synapseCount:
        counts_[slot] = state.synapses.at(s.object).size;
        slots_[k] = &counts_[slot];
        break;
      case K::outgoing:
      case K::incoming: {
        const Connectivity& c = *built.connectivity.at(s.object);
        const bool out = s.kind == K::outgoing;
        // Built for the plan of the model the network was built from (completeInstance).
        if ((out ? c.outgoingBegin : c.incomingBegin).empty())
          throw std::logic_error("synapses '" + s.object +
                                 "': the network was built without the index by " +
                                 (out ? "source" : "target") + " that this plan reads");
        const std::vector<std::int64_t>& begin = out ? c.outgoingBegin : c.incomingBegin;
        const std::vector<std::int32_t>& synapses = out ? c.outgoing : c.incoming;
        // A pass over the index (some 10 ms at 20 million synapses): the kernels of a
        // simulation on several threads then read only their share of each source's list.
        // No synapse numbers: the identity, null in the Adjacency.
        adjacency_[slot] = {{begin.data(), synapses.empty() ? nullptr : synapses.data()},
                            eachElementAscending(begin, synapses, out ? c.post : c.pre) ? 1 : 0};
        slots_[k] = &adjacency_[slot];
        break;
      }
      case K::spikes: {
        SpikeBuffer& b = spikes_[slot];
        b.elements.assign(static_cast<std::size_t>(std::max<std::int64_t>(s.size, 1)), 0);
        b.list = {b.elements.data(), 0};
        slots_[k] = &b.list;
        break;
      }
      case K::ring: {
        const Connectivity& c = *built.connectivity.at(s.object);
        RingBuffer& b = rings_[slot];
        const auto [length, capacity] = ringShape(s, c);
        b.entries.assign(static_cast<std::size_t>(length * capacity), 0);
        b.counts.assign(static_cast<std::size_t>(length), 0);
        b.ring = {b.entries.data(), b.counts.data(), length, capacity, 0};
        slots_[k] = &b.ring;
        break;
      }
      case K::input: {
        InputBuffer& b = inputs_[slot];
        b.queue = {b.steps.data(), b.elements.data(), 0, 0, 0};
        slots_[k] = &b.queue;
        break;
      }
      case K::randomKey:
        slots_[k] = &randomKey_;
        break;
      case K::table:  // the plan's constant values, only read
        slots_[k] = readOnly(s.values);
        break;
      case K::flags:
        flags_[slot].assign(static_cast<std::size_t>(std::max<std::int64_t>(s.size, 1)), 0);
        slots_[k] = flags_[slot].data();
        break;
      case K::record: {
        RecordBuffer& b = records_[slot];
        b.population = s.size;
        for (const ir::PlanOp& op : plan.step)
          if (op.kind == ir::PlanOp::Kind::recordSpikes && op.record == slot)
            b.variables = op.valueNames;
        for (const std::string& variable : b.variables) b.train.values[variable];
        b.values.resize(b.variables.size());
        b.record = {nullptr, nullptr, 0, 0, nullptr};
        b.bind();
        slots_[k] = &b.record;
        break;
      }
    }
  }
}

void RunMemory::RecordBuffer::bind() {
  record.indices = indices.data();
  record.steps = steps.data();
  columns.clear();
  for (RoomVector<double>& column : values) columns.push_back(column.data());
  record.values = columns.data();
  record.capacity = static_cast<std::int64_t>(indices.size());
}

void RunMemory::RecordBuffer::resize(std::size_t size) {
  indices.resize(size);
  steps.resize(size);
  for (RoomVector<double>& column : values) column.resize(size);
  bind();
}

void RunMemory::RecordBuffer::publish() {
  const auto from = static_cast<std::ptrdiff_t>(published);
  const auto to = static_cast<std::ptrdiff_t>(record.count);
  train.indices.insert(train.indices.end(), indices.begin() + from, indices.begin() + to);
  train.steps.insert(train.steps.end(), steps.begin() + from, steps.begin() + to);
  for (std::size_t v = 0; v < variables.size(); ++v) {
    std::vector<double>& out = train.values.at(variables[v]);
    out.insert(out.end(), values[v].begin() + from, values[v].begin() + to);
  }
  published = record.count;
}

void RunMemory::clear() {
  for (auto& [slot, b] : spikes_) b.list.count = 0;
  for (auto& [slot, b] : rings_) {
    std::fill(b.counts.begin(), b.counts.end(), 0);
    b.ring.position = 0;
  }
  for (auto& [slot, b] : inputs_) {
    b.steps.clear();
    b.elements.clear();
    b.queue = {b.steps.data(), b.elements.data(), 0, 0, 0};
  }
  for (auto& [slot, b] : records_) {
    b.record.count = 0;
    b.published = 0;
    b.train.indices.clear();
    b.train.steps.clear();
    for (auto& [variable, values] : b.train.values) values.clear();
  }
}

void RunMemory::setInput(const std::string& generator,
                         const std::vector<std::pair<std::int64_t, std::int32_t>>& input,
                         std::int64_t periodSteps) {
  for (auto& [slot, b] : inputs_) {
    if (plan_.slots[static_cast<std::size_t>(slot)].object != generator) continue;
    b.steps.clear();
    b.elements.clear();
    for (const auto& [step, element] : input) {
      b.steps.push_back(step);
      b.elements.push_back(element);
    }
    b.queue = {b.steps.data(), b.elements.data(), static_cast<std::int64_t>(b.steps.size()), 0,
               periodSteps};
  }
}

void RunMemory::makeRoom() {
  for (auto& [slot, b] : records_) {
    // A step records at most `population` spikes, and the compiled run stops before a step
    // without room for them. Room for four steps, grown twofold: the driver treats a step
    // after which the room may not last another as possibly the run's last and runs its
    // last-step kernels (plan_codegen.cpp, lastStep_), which are compiled cold. With room
    // for one step, every step of a large group that spikes (Brunel-Hakim, CUBA) did.
    const auto room = static_cast<std::int64_t>(b.indices.size());
    if (room > b.record.count + 2 * b.population) continue;
    b.resize(static_cast<std::size_t>(
        std::max({b.record.count + 4 * b.population, 2 * room, std::int64_t{1024}})));
  }
}

void RunMemory::finishRecords() {
  for (auto& [slot, b] : records_) b.publish();
}

const SpikeTrain& RunMemory::record(const std::string& monitor) const {
  for (const auto& [slot, b] : records_)
    if (plan_.slots[static_cast<std::size_t>(slot)].object == monitor) return b.train;
  throw std::out_of_range("no spike monitor " + monitor);
}

RunMemory::Saved RunMemory::save() const {
  Saved saved;
  auto widen = [](const auto& values) {
    return std::vector<std::int64_t>(values.begin(), values.end());
  };
  for (const auto& [slot, b] : spikes_) {
    std::vector<std::int64_t> list(b.elements.begin(), b.elements.begin() + b.list.count);
    saved.buffers.push_back(std::move(list));
  }
  for (const auto& [slot, b] : rings_) {
    saved.buffers.push_back(widen(b.entries));
    saved.buffers.push_back(b.counts);
    saved.buffers.push_back({b.ring.position});
  }
  for (const auto& [slot, b] : inputs_) {
    saved.buffers.push_back(b.steps);
    saved.buffers.push_back(widen(b.elements));
    saved.buffers.push_back({b.queue.next, b.queue.period});
  }
  for (const auto& [slot, values] : own_) {
    std::vector<std::int64_t> bits(values.size());
    std::memcpy(bits.data(), values.data(), values.size() * sizeof(double));
    saved.buffers.push_back(std::move(bits));
  }
  for (const auto& [slot, b] : records_) {
    SpikeTrain train;
    train.indices.assign(b.indices.begin(), b.indices.begin() + b.record.count);
    train.steps.assign(b.steps.begin(), b.steps.begin() + b.record.count);
    for (std::size_t v = 0; v < b.variables.size(); ++v)
      train.values[b.variables[v]].assign(b.values[v].begin(),
                                          b.values[v].begin() + b.record.count);
    saved.records[plan_.slots[static_cast<std::size_t>(slot)].object] = std::move(train);
  }
  return saved;
}

void RunMemory::load(const Saved& saved) {
  std::size_t next = 0;
  auto take = [&]() -> const std::vector<std::int64_t>& { return saved.buffers.at(next++); };
  for (auto& [slot, b] : spikes_) {
    const auto& list = take();
    std::copy(list.begin(), list.end(), b.elements.begin());
    b.list.count = static_cast<std::int64_t>(list.size());
  }
  for (auto& [slot, b] : rings_) {
    const auto& entries = take();
    std::copy(entries.begin(), entries.end(), b.entries.begin());
    const auto& counts = take();
    std::copy(counts.begin(), counts.end(), b.counts.begin());
    b.ring.position = take().at(0);
  }
  for (auto& [slot, b] : inputs_) {
    b.steps = take();
    const auto& elements = take();
    b.elements.assign(elements.begin(), elements.end());
    const auto& position = take();
    b.queue = {b.steps.data(), b.elements.data(), static_cast<std::int64_t>(b.steps.size()),
               position.at(0), position.at(1)};
  }
  for (auto& [slot, values] : own_) {
    const auto& bits = take();
    std::memcpy(values.data(), bits.data(), values.size() * sizeof(double));
  }
  for (auto& [slot, b] : records_) {
    b.train = saved.records.at(plan_.slots[static_cast<std::size_t>(slot)].object);
    b.indices.assign(b.train.indices.begin(), b.train.indices.end());
    b.steps.assign(b.train.steps.begin(), b.train.steps.end());
    for (std::size_t v = 0; v < b.variables.size(); ++v) {
      const std::vector<double>& column = b.train.values.at(b.variables[v]);
      b.values[v].assign(column.begin(), column.end());
    }
    b.bind();
    b.record.count = static_cast<std::int64_t>(b.train.indices.size());
    b.published = b.record.count;
  }
}

}  // namespace lsm
