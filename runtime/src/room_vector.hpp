// A vector whose resize leaves new elements uninitialised: room that the step plan writes
// before anything reads it (the spike records' room, RunMemory::makeRoom). std::vector's
// resize zero-fills, which cost a fifth of CUBA's simulation at 4 000 neurons: the room for
// four steps of every neuron's spike, zeroed again at each run call (docs/performance.md).
#pragma once

#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace lsm {

template <class T>
struct UninitialisedAllocator : std::allocator<T> {
  using value_type = T;
  UninitialisedAllocator() = default;
  template <class U>
  UninitialisedAllocator(const UninitialisedAllocator<U>&) noexcept {}  // NOLINT: rebinding
  template <class U>
  struct rebind {
    using other = UninitialisedAllocator<U>;
  };
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;  // default-initialised: no value for a number
  }
  template <class U, class... Arguments>
  void construct(U* p, Arguments&&... arguments) {
    ::new (static_cast<void*>(p)) U(std::forward<Arguments>(arguments)...);
  }
};

template <class T>
using RoomVector = std::vector<T, UninitialisedAllocator<T>>;

}  // namespace lsm
