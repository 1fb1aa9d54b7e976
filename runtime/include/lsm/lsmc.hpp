// The whole public API of lsmc in one include. A program compiles a model (lsm/frontend.hpp),
// JIT-compiles its kernels (lsm/jit.hpp), builds or loads a network instance
// (lsm/network.hpp, lsm/instance_io.hpp), runs trials of it (lsm/simulation.hpp,
// lsm/trials.hpp) or the simulation its experiment declares (lsm/simulation_run.hpp), and
// reads the monitors (lsm/monitors.hpp). docs/api.md is the guide.
#pragma once

#include "lsm/diagnostics.hpp"
#include "lsm/frontend.hpp"
#include "lsm/instance_io.hpp"
#include "lsm/ir.hpp"
#include "lsm/ir_printer.hpp"
#include "lsm/jit.hpp"
#include "lsm/monitors.hpp"
#include "lsm/network.hpp"
#include "lsm/random.hpp"
#include "lsm/separation_experiment.hpp"
#include "lsm/simulation.hpp"
#include "lsm/simulation_run.hpp"
#include "lsm/source.hpp"
#include "lsm/trials.hpp"
#include "lsm/version.hpp"
