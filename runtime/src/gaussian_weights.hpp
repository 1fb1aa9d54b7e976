// exp over a batch of arguments in [-700, 0], vectorised: the pair weights of the input
// distance (runtime/src/input_distance.cpp), where glibc's scalar exp was a fifth of pair
// collection's time.
#pragma once

#include <cstddef>

namespace lsm {

// values[k] = exp(values[k]) for every k < count, to within one unit in the last place of
// glibc's exp, for arguments in [-700, 0] (the input distance's are in [-40.5, 0]).
void expInPlace(double* values, std::size_t count);

}  // namespace lsm
