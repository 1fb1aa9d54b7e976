// A vector whose first element starts a cache line (64 bytes): a loop's 512-bit vectors (8
// doubles) from element 0, or from any multiple of 8, then never straddle two lines. With
// std::vector's 16-byte alignment three of four such loads and stores did, and the Maass
// trial ran 9 % longer (docs/performance.md).
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace lsm {

template <class T>
struct CacheLineAllocator {
  using value_type = T;
  static constexpr std::align_val_t alignment{64};

  CacheLineAllocator() = default;
  template <class U>
  CacheLineAllocator(const CacheLineAllocator<U>&) noexcept {}  // NOLINT: rebinding converts

  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), alignment)); }
  // Unsized: sized deallocation is off by default in clang before 19.
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, alignment); }
  friend bool operator==(const CacheLineAllocator&, const CacheLineAllocator&) { return true; }
};

template <class T>
using CacheLineVector = std::vector<T, CacheLineAllocator<T>>;

}  // namespace lsm
