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
// Linux when HugePageArrays() is on, are marked for transparent huge pages
// (madvise(MADV_HUGEPAGE)). Their reads are random over tens of
// megabytes: with 4 KiB pages nearly every one also misses the TLB, and
// under a hypervisor each page walk is two-dimensional. It is off unless
// LINKAGE_HUGE_PAGES=1 is in the environment (or SetHugePageArrays(true)):
// scoring ran 10-17% faster on huge pages on an Intel Xeon VM (no faster
// on an AMD EPYC one), but on that Intel VM a huge page's first touch of
// memory the host has taken back costs about a millisecond, which a
// one-off batch job can lose more to than it gains (bench/RESULTS.md,
// 2026-12-05, seventh and eighth sessions). The kernel then honours
// the hint when /sys/kernel/mm/transparent_hugepage/enabled is "always" or
// "madvise". Results never depend on it.
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
// Thread-safety: the allocator is stateless; SetHugePageArrays() may be
// called from any thread and applies to allocations after it.
#ifndef LINKAGE_BASE_ALIGNED_ALLOCATOR_H_
#define LINKAGE_BASE_ALIGNED_ALLOCATOR_H_

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace linkage {

inline constexpr std::size_t kCacheLineBytes = 64;
inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
// Arrays this large or larger are placed for huge pages (see above).
inline constexpr std::size_t kHugePageMinBytes = 2 * kHugePageBytes;

namespace internal {
// The alignment CacheLineAllocator uses for `bytes` (allocate and
// deallocate must agree, and both know only the size; so it does not
// depend on HugePageArrays()).
constexpr std::size_t AllocationAlignment(std::size_t bytes) noexcept {
  return bytes >= kHugePageMinBytes ? kHugePageBytes : kCacheLineBytes;
}
// -1: not yet read from the environment; 0: off; 1: on.
inline std::atomic<int> huge_page_arrays{-1};
}  // namespace internal

// Whether arrays of kHugePageMinBytes or more allocated from now on are
// marked for huge pages: SetHugePageArrays()'s last value, else whether
// the environment has LINKAGE_HUGE_PAGES=1.
inline bool HugePageArrays() noexcept {
  int on = internal::huge_page_arrays.load(std::memory_order_relaxed);
  if (on < 0) {
    const char* env = std::getenv("LINKAGE_HUGE_PAGES");
    on = env != nullptr && env[0] == '1' && env[1] == '\0';
    internal::huge_page_arrays.store(on, std::memory_order_relaxed);
  }
  return on == 1;
}
inline void SetHugePageArrays(bool on) noexcept {
  internal::huge_page_arrays.store(on ? 1 : 0, std::memory_order_relaxed);
}

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
    if (alignment == kHugePageBytes && HugePageArrays()) {
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
