// Copyright 2026 The Linkage Authors.
//
// CacheLineAllocator<T>: a std::allocator that places the first element on a
// 64-byte boundary. A large std::vector's data otherwise starts 16 bytes
// past a page boundary (glibc's chunk header), so that fixed-size records
// of 64 bytes each straddle two cache lines: every random read of one
// record then costs two misses instead of one.
//
// Elements are default-initialised: resize(n) leaves trivial elements
// unwritten (as new T[n] would), so that a large array can be filled in
// parallel without a serial pass over it first. assign(n, value) and
// resize(n, value) write as usual.
//
// Example:
//   std::vector<std::uint32_t, CacheLineAllocator<std::uint32_t>> rows;
//   rows.resize(n * 16);  // unwritten; fill every element before reading
//
// Thread-safety: stateless.
#ifndef LINKAGE_BASE_ALIGNED_ALLOCATOR_H_
#define LINKAGE_BASE_ALIGNED_ALLOCATOR_H_

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace linkage {

inline constexpr std::size_t kCacheLineBytes = 64;

template <typename T>
struct CacheLineAllocator {
  using value_type = T;
  CacheLineAllocator() noexcept = default;
  template <typename U>
  CacheLineAllocator(const CacheLineAllocator<U>&) noexcept {}  // NOLINT
  T* allocate(std::size_t n) {
    return static_cast<T*>(
        ::operator new(n * sizeof(T), std::align_val_t{kCacheLineBytes}));
  }
  void deallocate(T* p, std::size_t) noexcept {
    ::operator delete(p, std::align_val_t{kCacheLineBytes});
  }
  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <typename U>
  bool operator==(const CacheLineAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace linkage

#endif  // LINKAGE_BASE_ALIGNED_ALLOCATOR_H_
