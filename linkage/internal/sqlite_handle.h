// Copyright 2026 The Linkage Authors.
//
// Thin RAII owners for the SQLite3 C API, for sqlite_store.cc: a database
// connection and a prepared statement that is reset (not re-prepared) between
// uses, with errors turned into absl::Status values that name the database
// path and carry sqlite3_errmsg().
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(SqliteStatement select,
//       SqliteStatement::Prepare(db, path, "SELECT value FROM meta WHERE key=?1"));
//   LINKAGE_RETURN_IF_ERROR(select.BindText(1, "model"));
//   LINKAGE_ASSIGN_OR_RETURN(bool row, select.Step());
//   if (row) Use(select.ColumnText(0));
//   select.Reset();
//
// Thread-safety: none; one connection and its statements are used by one
// thread at a time.
#ifndef LINKAGE_LINKAGE_INTERNAL_SQLITE_HANDLE_H_
#define LINKAGE_LINKAGE_INTERNAL_SQLITE_HANDLE_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "base/string_view.h"

namespace linkage::internal {

using ::linkage::ToAbsl;

// "<path>: <what>: <sqlite message>" with a code chosen from SQLite's result
// code: busy/locked -> Unavailable, not-a-database/corrupt -> DataLoss,
// constraint -> AlreadyExists, disk full/IO -> ResourceExhausted/Unavailable,
// anything else -> Internal.
inline absl::Status SqliteError(sqlite3* db, std::string_view path,
                                std::string_view what, int code) {
  const std::string message = absl::StrCat(
      ToAbsl(path), ": ", ToAbsl(what), ": ",
      db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code));
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::UnavailableError(message);
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return absl::DataLossError(message);
    case SQLITE_CONSTRAINT:
      return absl::AlreadyExistsError(message);
    case SQLITE_FULL:
      return absl::ResourceExhaustedError(message);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return absl::UnavailableError(message);
    default:
      return absl::InternalError(message);
  }
}

// A prepared statement. Moves, does not copy; finalises on destruction.
class SqliteStatement {
 public:
  SqliteStatement() = default;
  SqliteStatement(SqliteStatement&& other) noexcept
      : db_(other.db_),
        path_(std::move(other.path_)),
        statement_(std::exchange(other.statement_, nullptr)) {}
  SqliteStatement& operator=(SqliteStatement&& other) noexcept {
    if (this != &other) {
      sqlite3_finalize(statement_);
      db_ = other.db_;
      path_ = std::move(other.path_);
      statement_ = std::exchange(other.statement_, nullptr);
    }
    return *this;
  }
  ~SqliteStatement() { sqlite3_finalize(statement_); }

  // Prepares `sql` (one statement) on `db`; `path` names the database in
  // errors. REQUIRES: `db` outlives the statement.
  static absl::StatusOr<SqliteStatement> Prepare(sqlite3* db,
                                                 std::string_view path,
                                                 std::string_view sql) {
    SqliteStatement statement;
    statement.db_ = db;
    statement.path_ = std::string(path);
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT,
                                      &statement.statement_, nullptr);
    if (rc != SQLITE_OK) {
      return SqliteError(db, path, absl::StrCat("cannot prepare \"", ToAbsl(sql), "\""),
                         rc);
    }
    return statement;
  }

  // Binds parameter `index` (1-based). The text is copied. An empty view
  // binds '' even when its data() is null (SQLite would bind NULL).
  absl::Status BindText(int index, std::string_view text) {
    return Check(sqlite3_bind_text64(statement_, index,
                                     text.data() != nullptr ? text.data() : "",
                                     text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
                 "bind");
  }
  absl::Status BindInt64(int index, std::int64_t value) {
    return Check(sqlite3_bind_int64(statement_, index, value), "bind");
  }

  // Runs one step: true if a row is available, false when done.
  absl::StatusOr<bool> Step() {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqliteError(db_, path_,
                       absl::StrCat("\"", sqlite3_sql(statement_), "\" failed"),
                       rc);
  }

  // Steps a statement that returns no rows, then resets it.
  absl::Status Run() {
    absl::StatusOr<bool> row = Step();
    Reset();
    return row.status();
  }

  // Column `index` (0-based) of the current row; empty for NULL. The view is
  // valid until the next Step() or Reset().
  std::string_view ColumnText(int index) const {
    const unsigned char* text = sqlite3_column_text(statement_, index);
    if (text == nullptr) return {};
    return std::string_view(reinterpret_cast<const char*>(text),
                            static_cast<std::size_t>(
                                sqlite3_column_bytes(statement_, index)));
  }
  std::int64_t ColumnInt64(int index) const {
    return sqlite3_column_int64(statement_, index);
  }

  // Makes the statement ready to run again and releases its bindings.
  void Reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

 private:
  absl::Status Check(int rc, std::string_view what) {
    if (rc == SQLITE_OK) return absl::OkStatus();
    return SqliteError(db_, path_, what, rc);
  }

  sqlite3* db_ = nullptr;
  std::string path_;
  sqlite3_stmt* statement_ = nullptr;
};

// Resets a statement when leaving a scope, so that an early return does not
// leave it holding a read transaction open.
class SqliteResetter {
 public:
  explicit SqliteResetter(SqliteStatement& statement) : statement_(statement) {}
  SqliteResetter(const SqliteResetter&) = delete;
  SqliteResetter& operator=(const SqliteResetter&) = delete;
  ~SqliteResetter() { statement_.Reset(); }

 private:
  SqliteStatement& statement_;
};

}  // namespace linkage::internal

#endif  // LINKAGE_LINKAGE_INTERNAL_SQLITE_HANDLE_H_
