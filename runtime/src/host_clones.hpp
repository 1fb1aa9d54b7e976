// A function compiled twice, for AVX2 hosts and for any x86-64, the choice made once at load
// time (GCC's target_clones, an ifunc): for the runtime's few loops that vectorise, since the
// library itself is built for the baseline. Elsewhere the attribute is empty.
#pragma once

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define LSM_AVX2_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define LSM_AVX2_CLONES
#endif
