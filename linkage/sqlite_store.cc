// Copyright 2026 The Linkage Authors.
//
// The default Store (store.h): one SQLite file in WAL mode.
//
// Schema (version 1; PRAGMA application_id marks the file as a Linkage store
// and PRAGMA user_version holds the schema version):
//
//   records(position INTEGER PRIMARY KEY,   -- load order; an upsert of an
//           id TEXT NOT NULL UNIQUE,         --   existing id keeps it
//           fields TEXT NOT NULL,            -- {"column": "raw value", ...}
//           cluster_id TEXT NOT NULL)
//   events(sequence INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,
//          cluster_id TEXT NOT NULL, others TEXT NOT NULL,  -- JSON array
//          record_id TEXT NOT NULL, unix_time INTEGER NOT NULL)
//   meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)
//
// Every ApplyBatch() is one BEGIN IMMEDIATE ... COMMIT transaction; with
// synchronous=FULL the COMMIT fsyncs the WAL before it returns, and with
// NORMAL a committed transaction is in the WAL (the OS page cache), which a
// kill -9 of the process cannot lose. Any error rolls the whole batch back.
//
// Event sequence numbers: an event with sequence 0 gets the next number from
// SQLite's AUTOINCREMENT: 1, 2, 3, ... with no gaps, since a rolled-back
// batch rolls its numbers back too (as MemoryStore numbers them). An event
// with a non-zero sequence keeps it, which must be greater than every
// sequence stored (for a Matcher that numbers its own events).
#include <sqlite3.h>

#include <cstdint>
#include <ctime>
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
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "linkage/internal/sqlite_handle.h"
#include "linkage/store.h"
#include "nlohmann/json.hpp"

namespace linkage {
namespace {

using internal::SqliteError;
using internal::SqliteResetter;
using internal::SqliteStatement;

// "LnkS": tells a Linkage store from any other SQLite file.
constexpr std::int64_t kApplicationId = 0x4c6e6b53;
constexpr std::int64_t kSchemaVersion = 1;

constexpr std::string_view kCreateSchema = R"sql(
CREATE TABLE records(
  position INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  fields TEXT NOT NULL,
  cluster_id TEXT NOT NULL);
CREATE TABLE events(
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  cluster_id TEXT NOT NULL,
  others TEXT NOT NULL,
  record_id TEXT NOT NULL,
  unix_time INTEGER NOT NULL);
CREATE TABLE meta(
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL) WITHOUT ROWID;
PRAGMA application_id = 1282304851;
PRAGMA user_version = 1;
)sql";
static_assert(kApplicationId == 1282304851);

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

// Runs `sql` (any number of statements, no results wanted).
absl::Status Exec(sqlite3* db, std::string_view path, const std::string& sql,
                  std::string_view what) {
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, path, what, rc);
  return absl::OkStatus();
}

// The single integer a query such as "PRAGMA user_version" returns.
absl::StatusOr<std::int64_t> QueryInt(sqlite3* db, std::string_view path,
                                      std::string_view sql) {
  LINKAGE_ASSIGN_OR_RETURN(SqliteStatement statement,
                           SqliteStatement::Prepare(db, path, sql));
  LINKAGE_ASSIGN_OR_RETURN(bool row, statement.Step());
  return row ? statement.ColumnInt64(0) : 0;
}

absl::StatusOr<std::string> QueryText(sqlite3* db, std::string_view path,
                                      std::string_view sql) {
  LINKAGE_ASSIGN_OR_RETURN(SqliteStatement statement,
                           SqliteStatement::Prepare(db, path, sql));
  LINKAGE_ASSIGN_OR_RETURN(bool row, statement.Step());
  return row ? std::string(statement.ColumnText(0)) : std::string();
}

std::optional<ClusterEventKind> ParseKind(std::string_view name) {
  for (ClusterEventKind kind :
       {ClusterEventKind::kCreate, ClusterEventKind::kMerge,
        ClusterEventKind::kSplit, ClusterEventKind::kDissolve}) {
    if (ClusterEventKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

// Names the first field whose column or value is not valid UTF-8 (what
// makes nlohmann::json::dump() throw): field "surname" (the column name
// quoted as JSON, invalid bytes replaced).
std::string InvalidUtf8Field(const RecordFields& fields) {
  for (const auto& [column, value] : fields) {
    try {
      (void)nlohmann::json(column).dump();
      (void)nlohmann::json(value).dump();
    } catch (const nlohmann::json::exception&) {
      return absl::StrCat("field ",
                          nlohmann::json(column).dump(
                              -1, ' ', false,
                              nlohmann::json::error_handler_t::replace));
    }
  }
  return "a field";
}

class SqliteStore final : public Store {
 public:
  static absl::StatusOr<std::unique_ptr<Store>> Open(
      const std::string& path, const SqliteStoreOptions& options);

  absl::Status Load(
      const std::function<absl::Status(const StoredRecord&)>& visit) override;
  absl::Status ApplyBatch(std::span<const RegisterWrite> writes) override;
  absl::StatusOr<std::optional<std::string>> GetMeta(
      std::string_view key) override;
  absl::Status PutMeta(std::string_view key, std::string_view value) override;
  absl::Status ReadEvents(
      std::uint64_t after,
      const std::function<absl::Status(const ClusterEvent&)>& visit) override;
  absl::StatusOr<std::uint64_t> CountRecords() override;

 private:
  SqliteStore(std::string path, DbHandle db)
      : path_(std::move(path)), db_(std::move(db)) {}

  absl::Status CheckIdentityAndInit(const SqliteStoreOptions& options);
  absl::Status PrepareStatements();
  absl::Status ApplyOne(const RegisterWrite& write, std::int64_t now);
  absl::Status Rollback();

  std::string path_;
  DbHandle db_;  // declared before the statements: destroyed after them
  SqliteStatement begin_, commit_, rollback_;
  SqliteStatement upsert_record_, delete_record_, set_cluster_;
  SqliteStatement insert_event_, get_meta_, put_meta_;
  SqliteStatement load_, read_events_, count_records_;
  std::int64_t last_sequence_ = 0;
};

absl::StatusOr<std::unique_ptr<Store>> SqliteStore::Open(
    const std::string& path, const SqliteStoreOptions& options) {
  if (path.empty()) {
    return absl::InvalidArgumentError("store path is empty");
  }
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &raw,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  DbHandle db(raw);
  if (rc != SQLITE_OK) {
    return SqliteError(raw, path, "cannot open store", rc);
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  std::unique_ptr<SqliteStore> store(new SqliteStore(path, std::move(db)));
  LINKAGE_RETURN_IF_ERROR(store->CheckIdentityAndInit(options));
  LINKAGE_RETURN_IF_ERROR(store->PrepareStatements());
  LINKAGE_ASSIGN_OR_RETURN(
      store->last_sequence_,
      QueryInt(raw, path, "SELECT coalesce(max(sequence), 0) FROM events"));
  return std::unique_ptr<Store>(std::move(store));
}

absl::Status SqliteStore::CheckIdentityAndInit(
    const SqliteStoreOptions& options) {
  sqlite3* db = db_.get();
  // Read-only checks first, so that a foreign file is refused untouched.
  // (SQLite reads the header lazily: a non-SQLite file fails here.)
  absl::StatusOr<std::int64_t> tables =
      QueryInt(db, path_, "SELECT count(*) FROM sqlite_schema");
  if (!tables.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(path_, ": not a Linkage store (", tables.status().message(),
                     ")"));
  }
  LINKAGE_ASSIGN_OR_RETURN(std::int64_t application_id,
                           QueryInt(db, path_, "PRAGMA application_id"));
  LINKAGE_ASSIGN_OR_RETURN(std::int64_t version,
                           QueryInt(db, path_, "PRAGMA user_version"));
  const bool fresh = *tables == 0 && application_id == 0 && version == 0;
  if (!fresh && application_id != kApplicationId) {
    return absl::FailedPreconditionError(absl::StrCat(
        path_, ": not a Linkage store (a SQLite file with application_id ",
        application_id, " and ", *tables, " schema objects)"));
  }
  if (!fresh && version > kSchemaVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        path_, ": store schema version ", version,
        " is newer than this build of Linkage supports (", kSchemaVersion,
        "); upgrade Linkage"));
  }
  if (!fresh && version < 1) {
    return absl::DataLossError(absl::StrCat(
        path_, ": Linkage store without a schema version (damaged?)"));
  }

  LINKAGE_ASSIGN_OR_RETURN(std::string mode,
                           QueryText(db, path_, "PRAGMA journal_mode=WAL"));
  if (mode != "wal" && path_ != ":memory:") {
    return absl::FailedPreconditionError(absl::StrCat(
        path_, ": cannot switch the store to WAL mode (journal_mode is ", mode,
        "); is it on a network file system?"));
  }
  LINKAGE_RETURN_IF_ERROR(Exec(
      db, path_,
      options.full_sync ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL",
      "cannot set synchronous"));
  if (!fresh) return absl::OkStatus();

  // Create the schema in one transaction; another process may have done it
  // since the check above, so look again under the write lock.
  LINKAGE_RETURN_IF_ERROR(
      Exec(db, path_, "BEGIN IMMEDIATE", "cannot lock the store to create it"));
  absl::StatusOr<std::int64_t> again =
      QueryInt(db, path_, "PRAGMA application_id");
  absl::Status status = again.status();
  if (status.ok() && *again == 0) {
    status = Exec(db, path_, std::string(kCreateSchema),
                  "cannot create the store schema");
  }
  if (status.ok()) {
    status = Exec(db, path_, "COMMIT", "cannot commit the store schema");
  }
  if (!status.ok()) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return status;
  }
  return absl::OkStatus();
}

absl::Status SqliteStore::PrepareStatements() {
  sqlite3* db = db_.get();
  struct Spec {
    SqliteStatement* statement;
    std::string_view sql;
  };
  const Spec specs[] = {
      {&begin_, "BEGIN IMMEDIATE"},
      {&commit_, "COMMIT"},
      {&rollback_, "ROLLBACK"},
      // A new id gets position max+1 (the rowid); an existing id keeps its
      // row, hence its position.
      {&upsert_record_,
       "INSERT INTO records(id, fields, cluster_id) VALUES(?1, ?2, ?3) "
       "ON CONFLICT(id) DO UPDATE SET fields = excluded.fields, "
       "cluster_id = excluded.cluster_id"},
      {&delete_record_, "DELETE FROM records WHERE id = ?1"},
      {&set_cluster_, "UPDATE records SET cluster_id = ?2 WHERE id = ?1"},
      {&insert_event_,
       "INSERT INTO events(sequence, kind, cluster_id, others, record_id, "
       "unix_time) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"},
      {&get_meta_, "SELECT value FROM meta WHERE key = ?1"},
      {&put_meta_,
       "INSERT INTO meta(key, value) VALUES(?1, ?2) "
       "ON CONFLICT(key) DO UPDATE SET value = excluded.value"},
      {&load_, "SELECT id, fields, cluster_id FROM records ORDER BY position"},
      {&read_events_,
       "SELECT sequence, kind, cluster_id, others, record_id FROM events "
       "WHERE sequence > ?1 ORDER BY sequence"},
      {&count_records_, "SELECT count(*) FROM records"},
  };
  for (const Spec& spec : specs) {
    LINKAGE_ASSIGN_OR_RETURN(*spec.statement,
                             SqliteStatement::Prepare(db, path_, spec.sql));
  }
  return absl::OkStatus();
}

absl::Status SqliteStore::Load(
    const std::function<absl::Status(const StoredRecord&)>& visit) {
  SqliteResetter reset(load_);
  StoredRecord record;
  for (;;) {
    LINKAGE_ASSIGN_OR_RETURN(bool row, load_.Step());
    if (!row) break;
    record.id = std::string(load_.ColumnText(0));
    record.cluster_id = std::string(load_.ColumnText(2));
    record.fields.clear();
    const std::string_view text = load_.ColumnText(1);
    const nlohmann::ordered_json fields =
        nlohmann::ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
    bool valid = fields.is_object();
    if (valid) {
      for (const auto& [column, value] : fields.items()) {
        if (!value.is_string()) {
          valid = false;
          break;
        }
        record.fields.emplace_back(column, value.get<std::string>());
      }
    }
    if (!valid) {
      return absl::DataLossError(
          absl::StrCat(path_, ": record \"", record.id,
                       "\": fields are not a JSON object of strings"));
    }
    LINKAGE_RETURN_IF_ERROR(visit(record));
  }
  return absl::OkStatus();
}

absl::Status SqliteStore::ApplyOne(const RegisterWrite& write,
                                   std::int64_t now) {
  const std::string& id = write.record.id;
  if (id.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path_, ": a register write with an empty record id"));
  }
  if (write.kind == RegisterWrite::Kind::kUpsert) {
    nlohmann::ordered_json fields = nlohmann::ordered_json::object();
    for (const auto& [column, value] : write.record.fields) {
      fields[column] = value;
    }
    std::string text;
    try {
      text = fields.dump();
    } catch (const nlohmann::json::exception&) {
      return absl::InvalidArgumentError(absl::StrCat(
          path_, ": record \"", id, "\": ", InvalidUtf8Field(write.record.fields),
          " is not valid UTF-8"));
    }
    SqliteResetter reset(upsert_record_);
    LINKAGE_RETURN_IF_ERROR(upsert_record_.BindText(1, id));
    LINKAGE_RETURN_IF_ERROR(upsert_record_.BindText(2, text));
    LINKAGE_RETURN_IF_ERROR(upsert_record_.BindText(3, write.record.cluster_id));
    LINKAGE_RETURN_IF_ERROR(upsert_record_.Step().status());
  } else {
    SqliteResetter reset(delete_record_);
    LINKAGE_RETURN_IF_ERROR(delete_record_.BindText(1, id));
    LINKAGE_RETURN_IF_ERROR(delete_record_.Step().status());
    if (sqlite3_changes(db_.get()) == 0) {
      return absl::NotFoundError(
          absl::StrCat(path_, ": cannot remove record \"", id,
                       "\": it is not in the store"));
    }
  }
  for (const auto& [record_id, cluster_id] : write.cluster_changes) {
    SqliteResetter reset(set_cluster_);
    LINKAGE_RETURN_IF_ERROR(set_cluster_.BindText(1, record_id));
    LINKAGE_RETURN_IF_ERROR(set_cluster_.BindText(2, cluster_id));
    LINKAGE_RETURN_IF_ERROR(set_cluster_.Step().status());
    if (sqlite3_changes(db_.get()) == 0) {
      return absl::NotFoundError(
          absl::StrCat(path_, ": cannot move record \"", record_id,
                       "\" to cluster \"", cluster_id,
                       "\": it is not in the store"));
    }
  }
  for (const ClusterEvent& event : write.events) {
    if (event.sequence != 0 &&
        event.sequence <= static_cast<std::uint64_t>(last_sequence_)) {
      return absl::InvalidArgumentError(absl::StrCat(
          path_, ": event sequence ", event.sequence,
          " is not after the last stored sequence ", last_sequence_));
    }
    std::string others;
    try {
      others = nlohmann::json(event.others).dump();
    } catch (const nlohmann::json::exception&) {
      return absl::InvalidArgumentError(absl::StrCat(
          path_, ": event for record \"", id, "\": a cluster id is not valid UTF-8"));
    }
    SqliteResetter reset(insert_event_);
    if (event.sequence != 0) {
      LINKAGE_RETURN_IF_ERROR(insert_event_.BindInt64(
          1, static_cast<std::int64_t>(event.sequence)));
    }  // else NULL: AUTOINCREMENT picks the next number
    LINKAGE_RETURN_IF_ERROR(
        insert_event_.BindText(2, ClusterEventKindName(event.kind)));
    LINKAGE_RETURN_IF_ERROR(insert_event_.BindText(3, event.cluster_id));
    LINKAGE_RETURN_IF_ERROR(insert_event_.BindText(4, others));
    LINKAGE_RETURN_IF_ERROR(insert_event_.BindText(
        5, event.record_id.empty() ? id : event.record_id));
    LINKAGE_RETURN_IF_ERROR(insert_event_.BindInt64(6, now));
    LINKAGE_RETURN_IF_ERROR(insert_event_.Step().status());
    last_sequence_ = sqlite3_last_insert_rowid(db_.get());
  }
  for (const auto& [key, value] : write.meta) {
    SqliteResetter reset(put_meta_);
    LINKAGE_RETURN_IF_ERROR(put_meta_.BindText(1, key));
    LINKAGE_RETURN_IF_ERROR(put_meta_.BindText(2, value));
    LINKAGE_RETURN_IF_ERROR(put_meta_.Step().status());
  }
  return absl::OkStatus();
}

absl::Status SqliteStore::Rollback() {
  // After some errors (e.g. disk full) SQLite has already rolled back.
  if (sqlite3_get_autocommit(db_.get()) == 0) {
    LINKAGE_RETURN_IF_ERROR(rollback_.Run());
  }
  LINKAGE_ASSIGN_OR_RETURN(
      last_sequence_,
      QueryInt(db_.get(), path_,
               "SELECT coalesce(max(sequence), 0) FROM events"));
  return absl::OkStatus();
}

absl::Status SqliteStore::ApplyBatch(std::span<const RegisterWrite> writes) {
  if (writes.empty()) return absl::OkStatus();
  LINKAGE_RETURN_IF_ERROR(begin_.Run());
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  absl::Status status;
  for (const RegisterWrite& write : writes) {
    status = ApplyOne(write, now);
    if (!status.ok()) break;
  }
  if (status.ok()) status = commit_.Run();
  if (!status.ok()) {
    if (absl::Status undo = Rollback(); !undo.ok()) {
      return absl::InternalError(absl::StrCat(
          status.message(), "; and the rollback failed: ", undo.message()));
    }
    return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> SqliteStore::GetMeta(
    std::string_view key) {
  SqliteResetter reset(get_meta_);
  LINKAGE_RETURN_IF_ERROR(get_meta_.BindText(1, key));
  LINKAGE_ASSIGN_OR_RETURN(bool row, get_meta_.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(std::string(get_meta_.ColumnText(0)));
}

absl::Status SqliteStore::PutMeta(std::string_view key,
                                  std::string_view value) {
  SqliteResetter reset(put_meta_);
  LINKAGE_RETURN_IF_ERROR(put_meta_.BindText(1, key));
  LINKAGE_RETURN_IF_ERROR(put_meta_.BindText(2, value));
  return put_meta_.Step().status();
}

absl::Status SqliteStore::ReadEvents(
    std::uint64_t after,
    const std::function<absl::Status(const ClusterEvent&)>& visit) {
  // Sequences are SQLite integers (at most INT64_MAX): a larger `after`
  // must not wrap to a negative number, which would select every event.
  if (after >= static_cast<std::uint64_t>(INT64_MAX)) return absl::OkStatus();
  SqliteResetter reset(read_events_);
  LINKAGE_RETURN_IF_ERROR(
      read_events_.BindInt64(1, static_cast<std::int64_t>(after)));
  ClusterEvent event;
  for (;;) {
    LINKAGE_ASSIGN_OR_RETURN(bool row, read_events_.Step());
    if (!row) break;
    event.sequence = static_cast<std::uint64_t>(read_events_.ColumnInt64(0));
    const std::optional<ClusterEventKind> kind =
        ParseKind(read_events_.ColumnText(1));
    const nlohmann::json others = nlohmann::json::parse(
        read_events_.ColumnText(3), nullptr, /*allow_exceptions=*/false);
    if (!kind.has_value() || !others.is_array()) {
      return absl::DataLossError(absl::StrCat(
          path_, ": event ", event.sequence, " is malformed"));
    }
    event.kind = *kind;
    event.cluster_id = std::string(read_events_.ColumnText(2));
    event.others.clear();
    for (const nlohmann::json& other : others) {
      if (!other.is_string()) {
        return absl::DataLossError(absl::StrCat(
            path_, ": event ", event.sequence, " is malformed"));
      }
      event.others.push_back(other.get<std::string>());
    }
    event.record_id = std::string(read_events_.ColumnText(4));
    LINKAGE_RETURN_IF_ERROR(visit(event));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::uint64_t> SqliteStore::CountRecords() {
  SqliteResetter reset(count_records_);
  LINKAGE_ASSIGN_OR_RETURN(bool row, count_records_.Step());
  return row ? static_cast<std::uint64_t>(count_records_.ColumnInt64(0)) : 0;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(
    const std::string& path, const SqliteStoreOptions& options) {
  return SqliteStore::Open(path, options);
}

}  // namespace linkage
