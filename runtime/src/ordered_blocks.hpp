// Work split into blocks that run on several threads while their results are taken in block
// order: what the blocks make (synapses drawn row by row, values element by element) comes out
// in the same order, with the same first error, whatever the number of threads.
#pragma once

#include <cstdint>
#include <functional>

namespace lsm {

// Runs work(block, worker) for each block in [0, blocks) on up to `threads` threads (0: every
// core; worker numbers them from 0), and commit(block) once the block's work is done and every
// earlier block is committed: commits run one at a time, in block order, on whichever worker
// finds the block next. A worker does not wait for earlier blocks to be done: it goes on with
// the next block, at most a few blocks per thread ahead of the commits (what work keeps for
// its commit is bounded by those), so a worker that the system stops for a while holds the
// others up only once they are that far ahead.
// An exception from the work or the commit of a block skips every later block, and the one of
// the earliest block that threw is rethrown here once all threads have finished: the error a
// single thread would have met first.
void runBlocksInOrder(std::int64_t blocks, int threads,
                      const std::function<void(std::int64_t block, int worker)>& work,
                      const std::function<void(std::int64_t block)>& commit);

// Runs work(block, worker) for each block on up to `threads` threads, in no particular order;
// exceptions as runBlocksInOrder.
void runBlocks(std::int64_t blocks, int threads,
               const std::function<void(std::int64_t block, int worker)>& work);

// Splits [0, count) into contiguous parts, one per thread (fewer where a part would have
// fewer than `smallest` items), runs work(part, first, last) for each as runBlocks does, and
// returns the number of parts: a pass over a large array whose parts' results are combined in
// part order after it.
std::int64_t runParts(
    std::int64_t count, int threads, std::int64_t smallest,
    const std::function<void(std::int64_t part, std::int64_t first, std::int64_t last)>& work);

}  // namespace lsm
