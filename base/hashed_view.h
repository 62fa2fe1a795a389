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

struct HashedViewEq {
  bool operator()(const HashedView& a, const HashedView& b) const noexcept {
    return a.hash == b.hash && a.text == b.text;
  }
};

template <typename V>
using HashedViewMap = absl::flat_hash_map<HashedView, V, HashedViewHash, HashedViewEq>;

}  // namespace linkage

#endif  // LINKAGE_BASE_HASHED_VIEW_H_
