// Copyright 2026 The Linkage Authors.
//
// A string view with its hash computed once, for hash maps that intern many
// strings: the caller hashes each string once and the map reuses that hash
// for its prefetch, its probe and (before comparing bytes) its equality test.
// absl::flat_hash_map<std::string_view, V> hashes a key again for each of
// these calls.
//
// Example:
//   HashedViewMap<std::uint32_t> ids;
//   const HashedView key = MakeHashedView(text);
//   ids.prefetch(key);  // ... later:
//   auto [it, added] = ids.try_emplace(key, next_id);
//
// The map's keys view bytes the caller keeps alive (e.g. in an arena).
// Thread-safety: pure functions and value types.
#ifndef LINKAGE_BASE_HASHED_VIEW_H_
#define LINKAGE_BASE_HASHED_VIEW_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "base/string_view.h"

namespace linkage {

struct HashedView {
  std::string_view text;
  std::uint64_t hash = 0;
};

inline HashedView MakeHashedView(std::string_view text) noexcept {
  return {text, absl::Hash<absl::string_view>{}(ToAbsl(text))};
}

struct HashedViewHash {
  std::size_t operator()(const HashedView& v) const noexcept {
    return static_cast<std::size_t>(v.hash);
  }
};

// Whether the first and the last sizeof(Word) of n bytes at x and y are
// equal (all n of them when sizeof(Word) <= n <= 2 * sizeof(Word)).
template <typename Word>
bool EndsEqual(const char* x, const char* y, std::size_t n) noexcept {
  Word x0, x1, y0, y1;
  std::memcpy(&x0, x, sizeof(Word));
  std::memcpy(&y0, y, sizeof(Word));
  std::memcpy(&x1, x + n - sizeof(Word), sizeof(Word));
  std::memcpy(&y1, y + n - sizeof(Word), sizeof(Word));
  return ((x0 ^ y0) | (x1 ^ y1)) == 0;
}

// Whether n bytes at x and y are equal; strings of up to 16 bytes (most
// field values) by two overlapping loads per side instead of a memcmp call.
inline bool BytesEqual(const char* x, const char* y, std::size_t n) noexcept {
  if (n > 16) return std::memcmp(x, y, n) == 0;
  if (n >= 8) return EndsEqual<std::uint64_t>(x, y, n);
  if (n >= 4) return EndsEqual<std::uint32_t>(x, y, n);
  // 0 to 3 bytes: the first, middle and last cover them all.
  return n == 0 || (x[0] == y[0] && x[n / 2] == y[n / 2] && x[n - 1] == y[n - 1]);
}

struct HashedViewEq {
  bool operator()(const HashedView& a, const HashedView& b) const noexcept {
    return a.hash == b.hash && a.text.size() == b.text.size() &&
           BytesEqual(a.text.data(), b.text.data(), a.text.size());
  }
};

template <typename V>
using HashedViewMap = absl::flat_hash_map<HashedView, V, HashedViewHash, HashedViewEq>;

}  // namespace linkage

#endif  // LINKAGE_BASE_HASHED_VIEW_H_
