// Copyright 2026 The Linkage Authors.
//
// PrefetchForRead: a cache-line prefetch that the compiler keeps.
//
// A bare __builtin_prefetch is not a side effect to GCC, and C++ lets it
// assume that loops end (-ffinite-loops, on from -O2), so a loop whose only
// work is prefetching is deleted whole: GCC 12 at -O2 and -O3 dropped the
// per-value prefetch loops of scoring and u sampling, and blocking's
// look-ahead over block members, while the code read as if they ran. The
// empty asm statement below takes the address as an input and is volatile,
// so the loop around it has an effect and stays; it emits no instruction.
//
// Example:
//   for (std::uint32_t r : next_records) PrefetchForRead(&table[r]);
//
// Thread-safety: a hint; reads nothing.
#ifndef LINKAGE_BASE_PREFETCH_H_
#define LINKAGE_BASE_PREFETCH_H_

namespace linkage {

inline void PrefetchForRead(const void* address) noexcept {
  __builtin_prefetch(address);
  asm volatile("" : : "r"(address));
}

}  // namespace linkage

#endif  // LINKAGE_BASE_PREFETCH_H_
