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

// quotients[k] = log(1 - uniforms[k]) / divisor for every k < count, the log as logInPlace's:
// the gaps of connection sampling before their floor, from uniforms in [0, 1). One pass, so
// that the complement and the division are vectorised with the log (as three loops over a
// few values they were scalar, and a third of the sampling loop's time).
void logComplementsOver(const double* uniforms, double* quotients, std::size_t count,
                        double divisor);

}  // namespace lsm
