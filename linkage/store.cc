// Copyright 2026 The Linkage Authors.
//
// Store helpers shared by every Store implementation (store.h).
#include "linkage/store.h"

#include <string_view>

namespace linkage {

std::string_view ClusterEventKindName(ClusterEventKind kind) noexcept {
  switch (kind) {
    case ClusterEventKind::kCreate:
      return "create";
    case ClusterEventKind::kMerge:
      return "merge";
    case ClusterEventKind::kSplit:
      return "split";
    case ClusterEventKind::kDissolve:
      return "dissolve";
  }
  return "unknown";
}

}  // namespace linkage
