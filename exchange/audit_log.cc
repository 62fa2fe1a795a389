// Copyright 2026 The Linkage Authors.
#include "exchange/audit_log.h"

#include <openssl/rand.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/string_view.h"
#include "exchange/hashing.h"
#include "nlohmann/json.hpp"

namespace linkage::exchange {
namespace {

constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS exchange_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL UNIQUE,
  time TEXT NOT NULL,
  requester TEXT NOT NULL,
  auth_method TEXT NOT NULL,
  operation TEXT NOT NULL,
  reason TEXT NOT NULL,
  identifier_hashes TEXT NOT NULL,
  match_grade TEXT NOT NULL,
  candidates INTEGER NOT NULL,
  rule_id TEXT NOT NULL,
  rule_version TEXT NOT NULL,
  model_version TEXT NOT NULL,
  decision TEXT NOT NULL,
  http_status INTEGER NOT NULL,
  status TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS exchange_audit_time ON exchange_audit(time);
CREATE INDEX IF NOT EXISTS exchange_audit_status ON exchange_audit(status);
CREATE TRIGGER IF NOT EXISTS exchange_audit_no_update BEFORE UPDATE ON exchange_audit
BEGIN SELECT RAISE(ABORT, 'exchange_audit is append-only'); END;
CREATE TRIGGER IF NOT EXISTS exchange_audit_no_delete BEFORE DELETE ON exchange_audit
BEGIN SELECT RAISE(ABORT, 'exchange_audit is append-only'); END;
)sql";

constexpr char kColumns[] =
    "id, request_id, time, requester, auth_method, operation, reason, "
    "identifier_hashes, match_grade, candidates, rule_id, rule_version, "
    "model_version, decision, http_status, status, detail";

absl::Status SqliteError(sqlite3* db, std::string_view path,
                         std::string_view what) {
  return absl::InternalError(
      absl::StrCat(ToAbsl(path), ": ", ToAbsl(what), ": ",
                   db != nullptr ? sqlite3_errmsg(db) : "no database"));
}

absl::StatusOr<sqlite3*> OpenDb(const std::string& path,
                                const AuditLogOptions& options) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(
          path.c_str(), &db,
          SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
          nullptr) != SQLITE_OK) {
    absl::Status status = SqliteError(db, path, "cannot open");
    sqlite3_close(db);
    return status;
  }
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  const std::string pragmas =
      absl::StrCat("PRAGMA journal_mode=WAL; PRAGMA synchronous=",
                   options.full_sync ? "FULL" : "NORMAL", ";");
  char* error = nullptr;
  if (sqlite3_exec(db, pragmas.c_str(), nullptr, nullptr, &error) !=
          SQLITE_OK ||
      sqlite3_exec(db, kSchema, nullptr, nullptr, &error) != SQLITE_OK) {
    absl::Status status = absl::InternalError(absl::StrCat(
        path, ": cannot set up the audit table: ", error ? error : "?"));
    sqlite3_free(error);
    sqlite3_close(db);
    return status;
  }
  return db;
}

std::string Text(sqlite3_stmt* stmt, int column) {
  const unsigned char* text = sqlite3_column_text(stmt, column);
  return text == nullptr ? "" : reinterpret_cast<const char*>(text);
}

AuditEntry ReadRow(sqlite3_stmt* stmt) {
  AuditEntry entry;
  entry.id = sqlite3_column_int64(stmt, 0);
  entry.request_id = Text(stmt, 1);
  entry.time = Text(stmt, 2);
  entry.requester = Text(stmt, 3);
  entry.auth_method = Text(stmt, 4);
  entry.operation = Text(stmt, 5);
  entry.reason = Text(stmt, 6);
  const std::string hashes = Text(stmt, 7);
  if (!hashes.empty()) {
    entry.identifier_hashes = absl::StrSplit(hashes, ';');
  }
  entry.match_grade = Text(stmt, 8);
  entry.candidates = sqlite3_column_int64(stmt, 9);
  entry.rule_id = Text(stmt, 10);
  entry.rule_version = Text(stmt, 11);
  entry.model_version = Text(stmt, 12);
  entry.decision = Text(stmt, 13);
  entry.http_status = sqlite3_column_int(stmt, 14);
  entry.status = Text(stmt, 15);
  entry.detail = Text(stmt, 16);
  return entry;
}

}  // namespace

class AuditLog::Impl {
 public:
  Impl(std::string path, sqlite3* writer, sqlite3* reader)
      : path_(std::move(path)), writer_(writer), reader_(reader) {
    thread_ = std::thread([this] { WriterLoop(); });
  }

  ~Impl() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_writer_.notify_one();
    thread_.join();
    sqlite3_close(writer_);
    sqlite3_close(reader_);
  }

  absl::StatusOr<std::int64_t> Append(const AuditEntry& entry) {
    Pending pending;
    pending.entry = &entry;
    std::unique_lock<std::mutex> lock(mutex_);
    queue_.push_back(&pending);
    wake_writer_.notify_one();
    done_.wait(lock, [&] { return pending.done; });
    if (!pending.status.ok()) return pending.status;
    return pending.id;
  }

  absl::StatusOr<std::vector<AuditEntry>> List(
      const AuditFilter& filter) const {
    std::string sql =
        absl::StrCat("SELECT ", kColumns,
                     " FROM exchange_audit WHERE id > ?1 AND time >= ?2");
    if (!filter.status.empty()) sql += " AND status = ?3";
    sql += " ORDER BY id";
    if (filter.limit > 0) sql += absl::StrCat(" LIMIT ", filter.limit);
    std::lock_guard<std::mutex> lock(read_mutex_);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(reader_, sql.c_str(), -1, &stmt, nullptr) !=
        SQLITE_OK) {
      return SqliteError(reader_, path_, "cannot read the audit log");
    }
    sqlite3_bind_int64(stmt, 1, filter.after_id);
    sqlite3_bind_text(stmt, 2, filter.since.c_str(), -1, SQLITE_TRANSIENT);
    if (!filter.status.empty()) {
      sqlite3_bind_text(stmt, 3, filter.status.c_str(), -1, SQLITE_TRANSIENT);
    }
    std::vector<AuditEntry> out;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
      out.push_back(ReadRow(stmt));
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
      return SqliteError(reader_, path_, "cannot read the audit log");
    return out;
  }

  absl::StatusOr<AuditEntry> Find(std::string_view request_id) const {
    const std::string sql = absl::StrCat(
        "SELECT ", kColumns, " FROM exchange_audit WHERE request_id = ?1");
    std::lock_guard<std::mutex> lock(read_mutex_);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(reader_, sql.c_str(), -1, &stmt, nullptr) !=
        SQLITE_OK) {
      return SqliteError(reader_, path_, "cannot read the audit log");
    }
    sqlite3_bind_text(stmt, 1, request_id.data(),
                      static_cast<int>(request_id.size()), SQLITE_TRANSIENT);
    absl::StatusOr<AuditEntry> out = absl::NotFoundError(
        absl::StrCat("no audit row for request ", ToAbsl(request_id)));
    if (sqlite3_step(stmt) == SQLITE_ROW) out = ReadRow(stmt);
    sqlite3_finalize(stmt);
    return out;
  }

 private:
  struct Pending {
    const AuditEntry* entry = nullptr;
    bool done = false;
    absl::Status status;
    std::int64_t id = 0;
  };

  void WriterLoop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      wake_writer_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (queue_.empty() && stop_) return;
      std::deque<Pending*> batch;
      batch.swap(queue_);
      lock.unlock();
      WriteBatch(batch);
      lock.lock();
      for (Pending* pending : batch) pending->done = true;
      done_.notify_all();
    }
  }

  // One transaction for the batch; a row that fails (duplicate id) fails
  // alone, the others still commit.
  void WriteBatch(std::deque<Pending*>& batch) {
    const std::string sql = absl::StrCat(
        "INSERT INTO exchange_audit (request_id, time, requester, auth_method, "
        "operation, reason, identifier_hashes, match_grade, candidates, "
        "rule_id, "
        "rule_version, model_version, decision, http_status, status, detail) "
        "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)");
    if (sqlite3_exec(writer_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) !=
        SQLITE_OK) {
      const absl::Status status = SqliteError(writer_, path_, "cannot begin");
      for (Pending* pending : batch) pending->status = status;
      return;
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(writer_, sql.c_str(), -1, &stmt, nullptr) !=
        SQLITE_OK) {
      const absl::Status status = SqliteError(writer_, path_, "cannot prepare");
      for (Pending* pending : batch) pending->status = status;
      sqlite3_exec(writer_, "ROLLBACK", nullptr, nullptr, nullptr);
      return;
    }
    for (Pending* pending : batch) {
      const AuditEntry& e = *pending->entry;
      const std::string time = e.time.empty() ? NowRfc3339() : e.time;
      const std::string hashes = absl::StrJoin(e.identifier_hashes, ";");
      auto bind = [&](int index, const std::string& value) {
        sqlite3_bind_text(stmt, index, value.data(),
                          static_cast<int>(value.size()), SQLITE_TRANSIENT);
      };
      bind(1, e.request_id);
      bind(2, time);
      bind(3, e.requester);
      bind(4, e.auth_method);
      bind(5, e.operation);
      bind(6, e.reason);
      bind(7, hashes);
      bind(8, e.match_grade);
      sqlite3_bind_int64(stmt, 9, e.candidates);
      bind(10, e.rule_id);
      bind(11, e.rule_version);
      bind(12, e.model_version);
      bind(13, e.decision);
      sqlite3_bind_int(stmt, 14, e.http_status);
      bind(15, e.status);
      bind(16, e.detail);
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) {
        pending->id = sqlite3_last_insert_rowid(writer_);
      } else if (rc == SQLITE_CONSTRAINT) {
        pending->status = absl::AlreadyExistsError(absl::StrCat(
            "audit row for request ", e.request_id, " already exists"));
      } else {
        pending->status = SqliteError(writer_, path_, "cannot append");
      }
      sqlite3_reset(stmt);
      sqlite3_clear_bindings(stmt);
    }
    sqlite3_finalize(stmt);
    if (sqlite3_exec(writer_, "COMMIT", nullptr, nullptr, nullptr) !=
        SQLITE_OK) {
      const absl::Status status = SqliteError(writer_, path_, "cannot commit");
      for (Pending* pending : batch) pending->status = status;
      sqlite3_exec(writer_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }

  const std::string path_;
  sqlite3* writer_;
  sqlite3* reader_;
  mutable std::mutex read_mutex_;
  std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::condition_variable done_;
  std::deque<Pending*> queue_;
  bool stop_ = false;
  std::thread thread_;
};

absl::StatusOr<std::unique_ptr<AuditLog>> AuditLog::Open(
    const std::string& path, const AuditLogOptions& options) {
  absl::StatusOr<sqlite3*> writer = OpenDb(path, options);
  if (!writer.ok()) return writer.status();
  absl::StatusOr<sqlite3*> reader = OpenDb(path, options);
  if (!reader.ok()) {
    sqlite3_close(*writer);
    return reader.status();
  }
  return std::unique_ptr<AuditLog>(
      new AuditLog(std::make_unique<Impl>(path, *writer, *reader)));
}

AuditLog::AuditLog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AuditLog::~AuditLog() = default;

absl::StatusOr<std::int64_t> AuditLog::Append(const AuditEntry& entry) {
  return impl_->Append(entry);
}

absl::StatusOr<std::vector<AuditEntry>> AuditLog::List(
    const AuditFilter& filter) const {
  return impl_->List(filter);
}

absl::StatusOr<AuditEntry> AuditLog::Find(std::string_view request_id) const {
  return impl_->Find(request_id);
}

std::vector<std::string> HashIdentifiers(std::string_view salt,
                                         const RecordFields& fields) {
  static constexpr std::string_view kIdentifying[] = {
      "nhs_number", "given_name", "family_name", "date_of_birth",
      "postcode",   "phone",      "email",       "address_line"};
  std::vector<std::string> out;
  for (const auto& [column, value] : fields) {
    if (value.empty()) continue;
    for (std::string_view identifying : kIdentifying) {
      if (column == identifying) {
        out.push_back(absl::StrCat(column, ":", SaltedHash(salt, value)));
        break;
      }
    }
  }
  return out;
}

std::string NewRequestId() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    // Fall back to time and a counter; ids must only be unique.
    static std::atomic<std::uint64_t> counter{0};
    return absl::StrFormat(
        "%016x%016x",
        std::chrono::steady_clock::now().time_since_epoch().count(),
        counter.fetch_add(1));
  }
  std::string out;
  static constexpr char kDigits[] = "0123456789abcdef";
  for (unsigned char b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

std::string NowRfc3339() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                          now.time_since_epoch())
                          .count() %
                      1000;
  std::tm utc;
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%S", &utc);
  return absl::StrFormat("%s.%03dZ", buffer, static_cast<int>(millis));
}

namespace {

std::string CsvField(std::string_view value) {
  if (value.find_first_of(",\"\n\r") == std::string_view::npos)
    return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace

void WriteAuditCsv(const std::vector<AuditEntry>& entries, std::ostream& out) {
  out << "id,request_id,time,requester,auth_method,operation,reason,"
         "identifier_hashes,match_grade,candidates,rule_id,rule_version,"
         "model_version,decision,http_status,status,detail\n";
  for (const AuditEntry& e : entries) {
    out << e.id << ',' << CsvField(e.request_id) << ',' << CsvField(e.time)
        << ',' << CsvField(e.requester) << ',' << CsvField(e.auth_method) << ','
        << CsvField(e.operation) << ',' << CsvField(e.reason) << ','
        << CsvField(absl::StrJoin(e.identifier_hashes, ";")) << ','
        << CsvField(e.match_grade) << ',' << e.candidates << ','
        << CsvField(e.rule_id) << ',' << CsvField(e.rule_version) << ','
        << CsvField(e.model_version) << ',' << CsvField(e.decision) << ','
        << e.http_status << ',' << CsvField(e.status) << ','
        << CsvField(e.detail) << "\n";
  }
}

void WriteAuditJsonl(const std::vector<AuditEntry>& entries,
                     std::ostream& out) {
  for (const AuditEntry& e : entries) {
    nlohmann::json row = {{"id", e.id},
                          {"request_id", e.request_id},
                          {"time", e.time},
                          {"requester", e.requester},
                          {"auth_method", e.auth_method},
                          {"operation", e.operation},
                          {"reason", e.reason},
                          {"identifier_hashes", e.identifier_hashes},
                          {"match_grade", e.match_grade},
                          {"candidates", e.candidates},
                          {"rule_id", e.rule_id},
                          {"rule_version", e.rule_version},
                          {"model_version", e.model_version},
                          {"decision", e.decision},
                          {"http_status", e.http_status},
                          {"status", e.status},
                          {"detail", e.detail}};
    out << row.dump() << "\n";
  }
}

}  // namespace linkage::exchange
