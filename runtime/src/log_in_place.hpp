// log over a batch of arguments in (0, 1], vectorised: the geometric gaps of connection
// sampling (connection_sampling.hpp), where glibc's scalar log was the largest cost of
// building CUBA (about a third of the build's CPU time at 256 000 neurons).
#pragma once

#include <cstddef>

namespace lsm {

// values[k] = log(values[k]) for every k < count, to within one unit in the last place of
// glibc's log, for positive normal arguments (connection sampling's are in [2^-53, 1]); log(1)
// is exactly 0.
void logInPlace(double* values, std::size_t count);

// products[k] = log(1 - uniforms[k]) * factor for every k < count, the log as logInPlace's:
// the gaps of connection sampling before their floor, from uniforms in [0, 1), with the
// reciprocal of log(1 - p) as the factor (a division was a tenth of this loop's time, and the
// gaps are decided within a far larger margin: connection_sampling.hpp). One pass, so that
// the complement and the product are vectorised with the log (as three loops over a few
// values they were scalar, and a third of the sampling loop's time).
void scaledLogComplements(const double* uniforms, double* products, std::size_t count,
                          double factor);

}  // namespace lsm
