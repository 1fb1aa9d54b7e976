// The room RunMemory::makeRoom leaves in a spike record: the compiled driver stops a run before
// a step without room for every element's spike, and takes a step after which the room might
// not last another as possibly the run's last, running its last-step kernels (compiled cold).
// So the room must last more than two steps, and grow geometrically.
#include <gtest/gtest.h>

#include <memory>

#include "../support/compile_text.hpp"
#include "lsm/network.hpp"
#include "run_memory.hpp"

namespace lsm {
namespace {

const char* model = R"(
group neurons(300) {
    equations {
        dv/dt = -v/(10 ms) : 1
    }
    threshold: v > 1
    reset: v = 0
}
monitor spikes = spikes(neurons)
)";

TEST(RecordRoom, MakeRoomLeavesMoreThanTwoStepsOfSpikes) {
  auto ir = test::compileModel(model);
  ASSERT_TRUE(ir);
  const NetworkInstance built = buildNetwork(ir, {.seed = 1});
  NetworkInstance state = built;
  RunMemory memory(*ir->plan, state, built);
  const int slot = ir->plan->find(ir::PlanSlot::Kind::record, "spikes");
  ASSERT_GE(slot, 0);
  auto* record = static_cast<ir::SpikeRecord*>(memory.slots()[slot]);
  const std::int64_t population = 300;
  std::int64_t capacity = 0, grown = 0;
  // Runs that each record a few spikes per step, as a large group that fires sparsely does.
  for (std::int64_t count = 0; count < 200000; count += 37) {
    record->count = count;
    memory.makeRoom();
    EXPECT_GT(record->capacity - record->count, 2 * population) << "at " << count;
    if (record->capacity != capacity) {
      if (capacity > 0) EXPECT_GE(record->capacity, 2 * capacity) << "at " << count;
      capacity = record->capacity;
      ++grown;
    }
  }
  EXPECT_LT(grown, 12);
}

}  // namespace
}  // namespace lsm
