// LLVM IR of a synapses object's per-synapse init statements (lsm/synapse_init.hpp): each
// statement by the expression emitter (the operations of ir::execute), a masked one's value
// only where its condition holds, the ends' variables read from columns, the synapses' own
// from their arrays, random draws by a call back into the builder.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lsm/ir.hpp"
#include "lsm/synapse_init.hpp"

namespace llvm {
class Module;
}  // namespace llvm

namespace lsm::codegen {

// Defines `symbol` in `module`, of CompiledSynapseInit::Block's signature for these
// statements, and returns them without its address; nullopt (no function defined) when they
// have what only the interpreter runs: subexpressions or shared variables of the synapses,
// timed arrays, a special other than i, j, N, N_pre, N_post and dt, a function the emitter
// lacks, a draw that can fail (gamma, permutation) where the interpreter might not make it or
// make it in another order. The builder then interprets them.
std::optional<CompiledSynapseInit> emitSynapseInit(const std::vector<ir::Statement>& statements,
                                                   const ir::Synapses& synapses,
                                                   llvm::Module& module, const std::string& symbol);

}  // namespace lsm::codegen
