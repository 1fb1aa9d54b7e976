#include "synapse_init_blocks.hpp"

#include <limits>

#include "pair_rule_columns.hpp"

namespace lsm {

namespace {

// One block's draws: CompiledSynapseInit::Draw's context.
struct BlockDraws {
  RandomDraws& draws;
  const std::vector<const ir::Expr*>& calls;
  std::int64_t count;
  std::vector<double> arguments;  // reused for every draw of the block
  std::optional<SynapseInitBlocks::Failure> failure;
};

// CompiledSynapseInit::Draw: RandomDraws::draw, as ir::evaluate calls it for the interpreter,
// with no exception leaving (the machine code's frames cannot unwind): the first one is kept,
// and later draws of the block are not made.
double drawFor(void* context, std::int64_t call, const double* arguments,
               std::int64_t synapse) noexcept {
  auto& at = *static_cast<BlockDraws*>(context);
  if (at.failure) return std::numeric_limits<double>::quiet_NaN();
  try {
    const ir::Expr& expr = *at.calls[static_cast<std::size_t>(call)];
    at.arguments.assign(arguments, arguments + expr.operands.size());
    return at.draws.draw(expr, at.arguments, synapse, at.count);
  } catch (...) {
    at.failure = SynapseInitBlocks::Failure{synapse, std::current_exception()};
    return std::numeric_limits<double>::quiet_NaN();
  }
}

}  // namespace

std::unique_ptr<SynapseInitBlocks> SynapseInitBlocks::make(
    const CompiledSynapseInit& init, const std::vector<ir::Statement>& statements,
    RandomDraws& draws, const ir::Synapses& synapses, const EndValues& source, std::int64_t nPre,
    const EndValues& target, std::int64_t nPost, const Connectivity& c, ObjectState& state,
    double dt) {
  std::unique_ptr<SynapseInitBlocks> blocks(new SynapseInitBlocks(init, draws));
  blocks->calls_ = randomCalls(statements);
  blocks->constants_ = constantsOf(statements);
  blocks->c_ = &c;
  blocks->preStart_ = synapses.source.start;
  blocks->postStart_ = synapses.target.start;
  blocks->count_ = static_cast<std::int64_t>(c.pre.size());
  blocks->nPre_ = nPre;
  blocks->nPost_ = nPost;
  blocks->dt_ = dt;
  try {
    for (const std::string& name : init.preColumns)
      blocks->values_.push_back(endColumn(source, name, synapses.source.start, nPre, dt));
    for (const std::string& name : init.postColumns)
      blocks->values_.push_back(endColumn(target, name, synapses.target.start, nPost, dt));
  } catch (const std::exception&) {
    return nullptr;
  }
  // Addresses once every column is in place (values_ no longer grows).
  for (std::size_t k = 0; k < blocks->values_.size(); ++k) {
    (k < init.preColumns.size() ? blocks->pre_ : blocks->post_)
        .push_back(blocks->values_[k].data());
  }
  for (std::size_t k = 0; k < init.ownColumns.size(); ++k) {
    const std::string& name = init.ownColumns[k];
    if (init.ownShared[k]) {
      auto shared = state.scalars.find(name);
      if (shared == state.scalars.end()) return nullptr;
      blocks->own_.push_back(&shared->second);
    } else {
      auto array = state.arrays.find(name);
      if (array == state.arrays.end()) return nullptr;
      blocks->own_.push_back(array->second.data());
    }
  }
  return blocks;
}

std::optional<SynapseInitBlocks::Failure> SynapseInitBlocks::run(std::int64_t kBegin,
                                                                 std::int64_t kEnd) const {
  BlockDraws context{draws_, calls_, count_, {}, std::nullopt};
  init_.block(pre_.data(), post_.data(), own_.data(), c_->pre.data(), c_->post.data(), preStart_,
              postStart_, kBegin, kEnd, count_, nPre_, nPost_, dt_, &drawFor, &context,
              constants_.data());
  return context.failure;
}

}  // namespace lsm
