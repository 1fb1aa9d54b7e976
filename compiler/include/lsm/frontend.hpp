// The front end as one call: a .lsm file (or text) in, the checked IR and diagnostics out.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lsm/diagnostics.hpp"
#include "lsm/ir.hpp"
#include "lsm/source.hpp"

namespace lsm {

struct ConstantOverride {
  std::string name;
  std::string value;  // model text, e.g. "20 mV"
};

// The passes after which the pipeline can stop (`lsmc ir --after PASS`).
enum class LastPass { checks, integration, optimisation };

struct FrontendOptions {
  std::vector<ConstantOverride> overrides;  // `--set NAME=VALUE`
  std::size_t maxErrors = 20;
  LastPass lastPass = LastPass::optimisation;
  // Part of the optimisation: synapses whose variables are only needed at their events are
  // advanced then, not every step (passes/lazy_synapses.hpp). Off: the clock-driven update
  // that Brian2 runs, for comparison.
  bool lazySynapses = true;
};

struct FrontendResult {
  std::optional<ir::Model> model;  // set when there were no errors
  DiagnosticEngine diagnostics;
};

// Parses, expands templates, resolves names, checks units and flags, integrates the equations
// and optimises (unless options.lastPass stops earlier). `sources` keeps the text of every
// file read, for rendering the diagnostics. A user's mistake is a diagnostic, never an
// exception; only a fault of lsmc itself (std::logic_error, std::bad_alloc) escapes. A model
// given as a string resolves its imports relative to the current directory.
FrontendResult compileFile(const std::string& path, SourceManager& sources,
                           const FrontendOptions& options = {});
FrontendResult compileString(const std::string& name, const std::string& text,
                             SourceManager& sources, const FrontendOptions& options = {});

}  // namespace lsm
