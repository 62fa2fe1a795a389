// Copyright 2026 The Linkage Authors.
//
// MemoryStore: a Store (store.h) that keeps the register in memory, for
// tests, benchmarks and callers who want no persistence. Contents live as
// long as any handle to them: NewHandle() gives another Store over the same
// contents, so a test can close a Matcher and reopen one on what it stored
// (restart equivalence) without a database.
//
// For tests, FailNextApply() makes the next Apply/ApplyBatch fail without
// changing anything, as a full disk would.
//
// Example:
//   std::unique_ptr<MemoryStore> store = MemoryStore::Create();
//   std::unique_ptr<Store> handle = store->NewHandle();
//   LINKAGE_ASSIGN_OR_RETURN(auto matcher, Matcher::Open(model, std::move(store)));
//   ...  // later, after the matcher is gone:
//   LINKAGE_ASSIGN_OR_RETURN(auto again, Matcher::Open(model, std::move(handle)));
//
// Thread-safety: all methods may be called concurrently (one mutex per
// shared contents).
#ifndef LINKAGE_LINKAGE_MEMORY_STORE_H_
#define LINKAGE_LINKAGE_MEMORY_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "linkage/store.h"

namespace linkage {

class MemoryStore : public Store {
 public:
  // An empty store.
  static std::unique_ptr<MemoryStore> Create();

  // Another store over the same contents.
  std::unique_ptr<MemoryStore> NewHandle() const;

  // The next ApplyBatch() returns `status` (not OK) and changes nothing.
  void FailNextApply(absl::Status status);

  absl::Status Load(
      const std::function<absl::Status(const StoredRecord&)>& visit) override;
  absl::Status ApplyBatch(std::span<const RegisterWrite> writes) override;
  absl::StatusOr<std::optional<std::string>> GetMeta(std::string_view key) override;
  absl::Status PutMeta(std::string_view key, std::string_view value) override;
  absl::Status ReadEvents(
      std::uint64_t after,
      const std::function<absl::Status(const ClusterEvent&)>& visit) override;
  absl::StatusOr<std::uint64_t> CountRecords() override;

 private:
  struct Contents;
  explicit MemoryStore(std::shared_ptr<Contents> contents)
      : contents_(std::move(contents)) {}
  std::shared_ptr<Contents> contents_;
};

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_MEMORY_STORE_H_
