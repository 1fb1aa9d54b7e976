#include "gaussian_weights.hpp"

#include "host_clones.hpp"

namespace lsm {

// AVX2 where the host has it (host_clones.hpp): 4 arguments an instruction, 4x glibc's exp.
LSM_AVX2_CLONES void expInPlace(double* values, std::size_t count) {
  for (std::size_t k = 0; k < count; ++k) values[k] = expNonPositive(values[k]);
}

}  // namespace lsm
