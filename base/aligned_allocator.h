// Copyright 2026 The Linkage Authors.
//
// CacheLineAllocator<T>: a std::allocator that places the first element on a
// 64-byte boundary. A large std::vector's data otherwise starts 16 bytes
// past a page boundary (glibc's chunk header), so that fixed-size records
// of 64 bytes each straddle two cache lines: every random read of one
// record then costs two misses instead of one.
//
// Arrays of kHugePageMinBytes or more (the record rows scoring reads, the
// blocking keys and their sort buffers) start on a 2 MiB boundary, so that
// on Linux they can be marked for transparent huge pages
// (madvise(MADV_HUGEPAGE)). Their reads are random over tens of megabytes:
// with 4 KiB pages nearly every one also misses the TLB, and under a
// hypervisor each page walk is two-dimensional. HugePagePolicy() says which
// are marked:
//   - kRandomReads (the default): the arrays their owner marks with
//     AdviseHugePages(), read at random for as long as scoring runs: the
//     record rows. Over a dedupe's pairs the scoring kernel ran 1-16%
//     faster (13-27% with its rows in cache), and whole uk1m jobs no
//     slower, warm or after 2 GiB were touched and freed (bench/RESULTS.md,
//     2026-12-06, twelfth session, AMD EPYC VM). On an Intel Xeon VM the
//     rows alone on huge pages were as much slower to build as scoring
//     gained (2026-12-05, "settled levels"): a wash there.
//   - kAllLarge (LINKAGE_HUGE_PAGES=1): every such array. The blocking
//     keys and sort buffers are written once and read a few times, so a
//     huge page's first touch, slow in a VM whose host has taken memory
//     back (about a millisecond each on an Intel Xeon VM), can cost a
//     one-off job more than it gains (2026-12-05, seventh and eighth
//     sessions).
//   - kNone (LINKAGE_HUGE_PAGES=0): none.
// The kernel honours the hint when /sys/kernel/mm/transparent_hugepage/
// enabled is "always" or "madvise"; where its "defrag" is "madvise" too, a
// marked array's first touch may wait for the kernel to compact memory
// (LINKAGE_HUGE_PAGES=0 if that ever costs more than scoring gains).
// Results never depend on it.
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
// Thread-safety: the allocator is stateless; SetHugePagePolicy() may be
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

// Which large arrays go on huge pages (see above).
enum class HugePages : int { kNone = 0, kRandomReads = 1, kAllLarge = 2 };

namespace internal {
// The alignment CacheLineAllocator uses for `bytes` (allocate and
// deallocate must agree, and both know only the size; so it does not
// depend on HugePagePolicy()).
constexpr std::size_t AllocationAlignment(std::size_t bytes) noexcept {
  return bytes >= kHugePageMinBytes ? kHugePageBytes : kCacheLineBytes;
}
// -1: not yet read from the environment; else a HugePages value.
inline std::atomic<int> huge_pages{-1};
// madvise(MADV_HUGEPAGE) over the whole huge pages of [p, p + bytes) (its
// tail may share a page with other data). A hint: an error (THP not built
// in) changes nothing.
inline void MarkHugePages(void* p, std::size_t bytes) noexcept {
#if defined(MADV_HUGEPAGE)
  if (bytes >= kHugePageBytes) (void)madvise(p, bytes / kHugePageBytes * kHugePageBytes,
                                             MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}
}  // namespace internal

// SetHugePagePolicy()'s last value, else from the environment:
// LINKAGE_HUGE_PAGES=0 gives kNone, =1 kAllLarge, anything else (or unset)
// kRandomReads. Read once.
inline HugePages HugePagePolicy() noexcept {
  int policy = internal::huge_pages.load(std::memory_order_relaxed);
  if (policy < 0) {
    const char* env = std::getenv("LINKAGE_HUGE_PAGES");
    const bool one_char = env != nullptr && env[0] != '\0' && env[1] == '\0';
    policy = static_cast<int>(one_char && env[0] == '0'   ? HugePages::kNone
                              : one_char && env[0] == '1' ? HugePages::kAllLarge
                                                          : HugePages::kRandomReads);
    internal::huge_pages.store(policy, std::memory_order_relaxed);
  }
  return static_cast<HugePages>(policy);
}
// Applies to allocations (and AdviseHugePages() calls) after it.
inline void SetHugePagePolicy(HugePages policy) noexcept {
  internal::huge_pages.store(static_cast<int>(policy), std::memory_order_relaxed);
}
// "none", "random reads" or "all large arrays": for run summaries.
inline const char* HugePagePolicyName(HugePages policy) noexcept {
  switch (policy) {
    case HugePages::kNone: return "none";
    case HugePages::kRandomReads: return "random reads";
    case HugePages::kAllLarge: return "all large arrays";
  }
  return "?";
}

// Marks `data`, a CacheLineAllocator array of `bytes` read at random for
// long, for huge pages unless the policy is kNone. Call it before the
// array is first written (the kernel backs a page when it is first
// touched); arrays under kHugePageMinBytes are left alone.
inline void AdviseHugePages(void* data, std::size_t bytes) noexcept {
  if (bytes < kHugePageMinBytes || HugePagePolicy() == HugePages::kNone) return;
  internal::MarkHugePages(data, bytes);
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
    if (alignment == kHugePageBytes && HugePagePolicy() == HugePages::kAllLarge) {
      internal::MarkHugePages(p, bytes);
    }
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
