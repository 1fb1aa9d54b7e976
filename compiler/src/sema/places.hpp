// The places of a model where expressions and statements stand (a group's threshold, a
// synapses' on_pre, ...), how messages name them, and what each allows: the vocabulary that
// name binding (for "unknown name ... in the reset of group 'g'") and the placement check
// share.
#pragma once

#include <string>

namespace lsm::sema {

enum class Place {
  equations,       // equations (and summed variables)
  constantOverDt,  // a subexpression flagged (constant over dt): evaluated once a step
  threshold,
  refractory,
  reset,
  onPre,
  onPost,
  connect,
  delay,
  initialisation,  // init and trial_init
  betweenRuns,     // the experiment's assignments between run(...)s
  regular,         // the code of a run_regularly
  eventCondition,  // a custom event's condition (owner: "event 'up' of group 'g'")
  eventCode,       // a custom event's run_on_event code
};

// "the threshold of group 'g'": `owner` is "group 'g'", "subgroup 's'", "synapses 's'".
std::string describePlace(Place place, const std::string& owner);

// Whether `t` and `dt` may be used (not where a network is being built).
bool allowsTime(Place place);
// Whether random draws may be used: rand() and randn() (`perStep`) where they are drawn anew
// each step or each build; uniform(), normal(), gamma(), exponential(), permutation() only
// where a network is built, a trial begins, or between runs.
bool allowsRandom(Place place, bool perStep);
// Whether `let` and conditional assignments `x[condition] = value` may be used (an
// assignment between runs is one statement: no `let`, but it may have a condition).
bool allowsInitialisationStatements(Place place);

}  // namespace lsm::sema
