// Copyright 2026 The Linkage Authors.
//
// Store: where a Matcher's register lives between runs (DESIGN.md sections 1
// and 6). The Matcher keeps its index in memory and writes every change
// through a Store before acknowledging it; on start it rebuilds the index from
// Store::Load(). The default is SQLite in WAL mode (OpenSqliteStore); another
// store (PostgreSQL, ...) implements this interface without touching the
// matcher.
//
// What is stored is the caller's raw field values (before normalisation), so
// that a restart re-normalises with the model's normalisers and rebuilds
// exactly the index it had; plus each record's cluster id and the cluster
// events that changed them.
//
// Durability contract: when Apply() or ApplyBatch() returns OK, the write
// survives a crash of the process (kill -9) and of the machine (the SQLite
// store commits with synchronous=FULL). A failed Apply() changes nothing.
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(std::unique_ptr<Store> store,
//                            OpenSqliteStore("register.db", {}));
//   LINKAGE_RETURN_IF_ERROR(store->Load([&](const StoredRecord& r) { ... }));
//
// Thread-safety: a Store is used by one Matcher, which serialises writes;
// Load() is called before any write. Implementations need not be
// thread-safe beyond that.
#ifndef LINKAGE_LINKAGE_STORE_H_
#define LINKAGE_LINKAGE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace linkage {

// Raw field values by column name, in the caller's order. A column absent
// from the list is null.
using RecordFields = std::vector<std::pair<std::string, std::string>>;

// A register record as stored.
struct StoredRecord {
  std::string id;
  RecordFields fields;
  std::string cluster_id;  // the record's cluster when loaded/written
};

enum class ClusterEventKind : std::uint8_t {
  kCreate,    // a new cluster (cluster_id) with one record
  kMerge,     // clusters in `others` merged into cluster_id
  kSplit,     // clusters in `others` split off from cluster_id
  kDissolve,  // cluster_id lost its last record
};
std::string_view ClusterEventKindName(ClusterEventKind kind) noexcept;

struct ClusterEvent {
  std::uint64_t sequence = 0;  // assigned by the store, increasing
  ClusterEventKind kind = ClusterEventKind::kCreate;
  std::string cluster_id;
  std::vector<std::string> others;
  std::string record_id;       // the record whose write caused the event
};

// One acknowledged change of the register, applied atomically.
struct RegisterWrite {
  enum class Kind : std::uint8_t { kUpsert, kRemove };
  Kind kind = Kind::kUpsert;
  // kUpsert: the whole record (replaces any record with this id);
  // kRemove: the id only.
  StoredRecord record;
  // Other records whose cluster id this write changed: (record id, new
  // cluster id).
  std::vector<std::pair<std::string, std::string>> cluster_changes;
  std::vector<ClusterEvent> events;
  // Metadata to set in the same transaction (e.g. the next cluster number).
  std::vector<std::pair<std::string, std::string>> meta;
};

class Store {
 public:
  virtual ~Store() = default;

  // Calls `visit` for every record in the order first written (an update
  // keeps the record's position), with its current cluster id. Stops at the
  // first error `visit` returns.
  virtual absl::Status Load(
      const std::function<absl::Status(const StoredRecord&)>& visit) = 0;

  // Applies `writes` in order in one transaction, durably (see above);
  // events get their sequence numbers here.
  virtual absl::Status ApplyBatch(std::span<const RegisterWrite> writes) = 0;
  absl::Status Apply(const RegisterWrite& write) {
    return ApplyBatch(std::span<const RegisterWrite>(&write, 1));
  }

  // A metadata value, or nullopt if never set.
  virtual absl::StatusOr<std::optional<std::string>> GetMeta(
      std::string_view key) = 0;
  // Sets metadata outside any register write (e.g. the model fingerprint).
  virtual absl::Status PutMeta(std::string_view key, std::string_view value) = 0;

  // Calls `visit` for every event with sequence > `after`, in order.
  virtual absl::Status ReadEvents(
      std::uint64_t after,
      const std::function<absl::Status(const ClusterEvent&)>& visit) = 0;

  // Number of records stored.
  virtual absl::StatusOr<std::uint64_t> CountRecords() = 0;
};

struct SqliteStoreOptions {
  // synchronous=FULL (every commit fsyncs the WAL). NORMAL is faster and
  // still survives kill -9, but not a power cut.
  bool full_sync = true;
  // Milliseconds to wait on a database locked by another process.
  int busy_timeout_ms = 5000;
};

// Opens (creating if needed) a SQLite store at `path` in WAL mode. Errors name
// the path and SQLite's message; a file that is not a Linkage store (or a
// newer schema version) is refused.
absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(
    const std::string& path, const SqliteStoreOptions& options = {});

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_STORE_H_
