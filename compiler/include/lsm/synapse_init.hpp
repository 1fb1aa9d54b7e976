// A synapses object's init statements (those run for each synapse, not hoisted) in machine
// code, compiled with a model's step plan (CompiledModel::synapseInit). The network builder
// calls it for a block of synapses instead of interpreting the statements once per synapse,
// looking each variable up by name: for 10^7 synapses with `w = w_max*exp(-d/l)` that took
// seconds. The same operations in the same order as ir::execute, and each random draw a call
// back into the builder's own RandomDraws, so the same values bit for bit. No LLVM type
// appears here.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "lsm/ir.hpp"

namespace lsm {

struct CompiledSynapseInit {
  // Draw number `call` (randomCalls' order) with its evaluated `arguments` for `synapse`. It
  // must not throw (no C++ exception may cross the machine code's frames): on a failure it
  // keeps the error and returns a NaN, and the builder throws it once the block is done.
  using Draw = double (*)(void* context, std::int64_t call, const double* arguments,
                          std::int64_t synapse);
  // Runs the statements for each synapse k in [kBegin, kEnd): i = preIndex[k] - preStart,
  // j = postIndex[k] - postStart (Connectivity's group-wide ends); pre[c] is the column (one
  // value per source element) of preColumns[c], post[c] that of postColumns[c]; own[c] is the
  // synapses' array of ownColumns[c], read and written at k, or where ownShared[c] the shared
  // variable itself (every synapse writes it, as interpreted). n, nPre, nPost: N, N_pre,
  // N_post. constants[c] is the statements' constant number c (constantsOf), so that one
  // function serves synapses whose statements differ in their constants only (the Maass
  // model's four pathways).
  using Block = void (*)(const double* const* pre, const double* const* post, double* const* own,
                         const std::int32_t* preIndex, const std::int32_t* postIndex,
                         std::int64_t preStart, std::int64_t postStart, std::int64_t kBegin,
                         std::int64_t kEnd, std::int64_t n, std::int64_t nPre, std::int64_t nPost,
                         double dt, Draw draw, void* context, const double* constants);
  Block block = nullptr;
  std::vector<std::string> preColumns, postColumns, ownColumns;  // variable names
  std::vector<bool> ownShared;                                   // of each of ownColumns
  // What it was compiled from: other synapses, or those of a model that fits the same plan
  // (CompiledModel::fits), may have other statements, which must not run this code.
  std::vector<ir::Statement> statements;

  // Whether `statements` have the shape of the ones compiled, operation for operation, their
  // constants aside (then randomCalls and constantsOf of them are the compiled code's, in
  // the same order).
  bool compiledFrom(const std::vector<ir::Statement>& statements) const;
};

// The random calls of the statements in the order the compiled code numbers them: statement
// by statement, each one's condition then its value, each expression in prefix order.
std::vector<const ir::Expr*> randomCalls(const std::vector<ir::Statement>& statements);
// The constants of the statements in that order: CompiledSynapseInit::Block's `constants`.
std::vector<double> constantsOf(const std::vector<ir::Statement>& statements);

// The init statements of a group or synapses whose value can be computed once and copied to
// every element: `x = value` with a value the same for every element (sameForEveryElement),
// into an array (isArray) that no other statement (nor the synapses' delay) reads or assigns,
// so that where it runs among them changes nothing. A name that isStored rejects (a
// subexpression) may read anything.
std::vector<std::size_t> hoistedStatements(const std::vector<ir::Statement>& init,
                                           const std::optional<ir::Expr>& delay,
                                           const std::function<bool(const std::string&)>& isArray,
                                           const std::function<bool(const std::string&)>& isStored);

// The statements of synapses' init that run for each synapse: those hoistedStatements leaves,
// with the variables as the network builder stores them (ir::Variable: shared ones once,
// subexpressions not at all).
std::vector<ir::Statement> perSynapseStatements(const ir::Synapses& synapses);

}  // namespace lsm
