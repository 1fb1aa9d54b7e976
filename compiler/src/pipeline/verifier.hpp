// The IR verifier: invariants that hold between passes, checked after every pass in tests and
// debug builds (frontend.cpp). A broken invariant is a bug of the pass before, never the
// user's mistake. The invariants grow with the pipeline:
//  - bound (after name binding): every expression is well formed (operand counts, argument
//    counts), every variable a reference or a statement names exists in its scope (the
//    object's, the source's or target's, or a `let` before it), special names fit their
//    object, populations lie inside their groups;
//  - typed (after unit checking): every expression's dimension and type are what its
//    operands give, summed variables fill variables of their target group;
//  - integrated (after integration): every group and synapses has its state update, and every
//    variable with a clock-driven differential equation is written by it (or advanced at
//    events, for lazy synapses);
//  - scheduled (after the schedule): the step's operations are in Brian2's order and each
//    names an object that has what the operation runs.
#pragma once

#include <string>
#include <vector>

#include "lsm/ir.hpp"

namespace lsm::ir {

enum class Invariant { none, bound, typed, integrated, scheduled };

// What `model` breaks of the invariants up to `level`, one line each; empty when none.
std::vector<std::string> verify(const Model& model, Invariant level);

}  // namespace lsm::ir
