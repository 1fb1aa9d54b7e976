// LLVM IR of a connection rule's row function (lsm/pair_rule.hpp): each pair's condition and p
// by the expression emitter (the operations of ir::evaluate), the rule's pre and post
// variables read from columns, the pre ones at the row's i and the post ones at each j.
#pragma once

#include <optional>
#include <string>

#include "lsm/ir.hpp"
#include "lsm/pair_rule.hpp"

namespace llvm {
class Module;
}  // namespace llvm

namespace lsm::codegen {

// Defines `symbol` in `module`, of CompiledPairRule::Row's signature for a rule of this
// condition and p (either may be absent), and returns the rule without its address; nullopt
// (no function defined) when the rule has what only the interpreter evaluates: random draws,
// timed arrays, a special other than i, j, N_pre and N_post, a function the emitter lacks.
// The builder then interprets the rule.
std::optional<CompiledPairRule> emitPairRule(const std::optional<ir::Expr>& condition,
                                             const std::optional<ir::Expr>& probability,
                                             llvm::Module& module, const std::string& symbol);

}  // namespace lsm::codegen
