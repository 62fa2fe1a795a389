// Copyright 2026 The Linkage Authors.
//
// CacheLineAllocator<T>: a std::allocator that places the first element on a
// 64-byte boundary. A large std::vector's data otherwise starts 16 bytes
// past a page boundary (glibc's chunk header), so that fixed-size records
// of 64 bytes each straddle two cache lines: every random read of one
// record then costs two misses instead of one.
//
// Arrays of kHugePageMinBytes or more (the record rows scoring reads, the
// blocking keys and their sort buffers) start on a 2 MiB boundary and, on
// Linux, are marked for transparent huge pages (madvise(MADV_HUGEPAGE)).
// Their reads are random over tens of megabytes: with 4 KiB pages nearly
// every one also misses the TLB, and under a hypervisor each page walk is
// two-dimensional. The kernel honours the hint when
// /sys/kernel/mm/transparent_hugepage/enabled is "always" or "madvise", and
// ignores it when "never"; results never depend on it. Measured in
// bench/RESULTS.md (2026-12-05, seventh session).
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

#if defined(__linux__)
#include <sys/mman.h>
#endif
#include <type_traits>
#include <utility>

namespace linkage {

inline constexpr std::size_t kCacheLineBytes = 64;
inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
// Arrays this large or larger are placed for huge pages (see above).
inline constexpr std::size_t kHugePageMinBytes = 2 * kHugePageBytes;

namespace internal {
// The alignment CacheLineAllocator uses for `bytes` (allocate and
// deallocate must agree, and both know only the size).
constexpr std::size_t AllocationAlignment(std::size_t bytes) noexcept {
  return bytes >= kHugePageMinBytes ? kHugePageBytes : kCacheLineBytes;
}
}  // namespace internal

template <typename T>
struct CacheLineAllocator {
  using value_type = T;
  CacheLineAllocator() noexcept = default;
  template <typename U>
  CacheLineAllocator(const CacheLineAllocator<U>&) noexcept {}  // NOLINT
  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    const std::size_t bytes = n * sizeof(T);
    const std::size_t alignment = internal::AllocationAlignment(bytes);
    void* p = ::operator new(bytes, std::align_val_t{alignment});
#if defined(MADV_HUGEPAGE)
    // The whole huge pages of the array (its tail may share a page with
    // other data). A hint: an error (THP not built in) changes nothing.
    if (alignment == kHugePageBytes) {
      (void)madvise(p, bytes / kHugePageBytes * kHugePageBytes, MADV_HUGEPAGE);
    }
#endif
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    ::operator delete(p, std::align_val_t{internal::AllocationAlignment(n * sizeof(T))});
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
