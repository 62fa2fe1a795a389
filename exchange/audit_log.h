// Copyright 2026 The Linkage Authors.
//
// The audit log of the exchange service: one row per request and its
// outcome, written durably to SQLite before the response is sent. It lives in
// its own table (exchange_audit) on its own connection, so it can share the
// register store's database file (WAL allows several connections) or have a
// file of its own.
//
// Append-only from the service's side: the class has no update or delete,
// and triggers refuse UPDATE and DELETE on the table (an administrator with
// the sqlite3 shell can still drop the triggers; the log is evidence, not a
// tamper-proof ledger).
//
// Durability: Append() returns only after the row's transaction committed
// with synchronous=FULL (the WAL is fsynced). Concurrent appends are group-
// committed: one writer thread takes every pending row, writes them in one
// transaction and wakes their callers, so the fsync cost is shared under
// load.
//
// Identifiers are never stored raw: the caller passes SaltedHash(salt,
// value) per identifier (see HashIdentifiers).
//
// Readers: List() (also `linkage-serve audit` and `linkage audit`, which
// reads the same table with plain SQL: keep the columns in step with
// linkage/cli/audit_command.cc).
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(std::unique_ptr<AuditLog> log,
//                            AuditLog::Open("register.db"));
//   AuditEntry entry{.request_id = NewRequestId(), .operation = "match", ...};
//   LINKAGE_RETURN_IF_ERROR(log->Append(entry));   // durable now
//
// Thread-safety: all methods may be called concurrently.
#ifndef LINKAGE_EXCHANGE_AUDIT_LOG_H_
#define LINKAGE_EXCHANGE_AUDIT_LOG_H_

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "linkage/store.h"

namespace linkage::exchange {

struct AuditEntry {
  std::int64_t id = 0;      // assigned by the log (rowid), increasing
  std::string request_id;   // also sent as the X-Request-Id header
  std::string time;         // RFC 3339 UTC; filled by Append if empty
  std::string requester;    // organisation; "" when unauthenticated
  std::string auth_method;  // "bearer", "mtls" or ""
  std::string operation;    // "match", "person-info-query", "metadata",
                            // "admin-upsert", "admin-delete", "unknown"
  std::string reason;       // the reason URI, if any
  std::vector<std::string> identifier_hashes;  // "column:sha256hex"
  std::string match_grade;  // best candidate's grade, "none", or ""
  std::int64_t candidates = 0;
  std::string rule_id;
  std::string rule_version;
  std::string model_version;
  std::string decision;  // PERMIT, DENY, REVIEW, ERROR, UNAUTHENTICATED
  int http_status = 0;
  std::string status;  // "answered", "queued" (REVIEW), "rejected"
  std::string detail;  // error message or note (no identifiers)
};

struct AuditLogOptions {
  // synchronous=FULL: every commit fsyncs. NORMAL survives kill -9 but not
  // a power cut.
  bool full_sync = true;
  int busy_timeout_ms = 5000;
};

struct AuditFilter {
  std::string since;          // RFC 3339; rows with time >= since
  std::string status;         // "" = any, e.g. "queued"
  std::int64_t after_id = 0;  // rows with id > after_id
  std::int64_t limit = 0;     // 0 = no limit

  // Shorthands (designated initialisers of a part trip -Wextra on GCC 12).
  static AuditFilter WithStatus(std::string status) {
    AuditFilter filter;
    filter.status = std::move(status);
    return filter;
  }
  static AuditFilter Since(std::string since) {
    AuditFilter filter;
    filter.since = std::move(since);
    return filter;
  }
};

class AuditLog {
 public:
  // Opens (creating the table and triggers if needed) the log in the SQLite
  // file at `path`, in WAL mode. Errors name the path and SQLite's message.
  static absl::StatusOr<std::unique_ptr<AuditLog>> Open(
      const std::string& path, const AuditLogOptions& options = {});

  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Writes `entry` durably (see above) and returns its id. Errors: a
  // duplicate request_id (AlreadyExists), a SQLite error (Internal).
  absl::StatusOr<std::int64_t> Append(const AuditEntry& entry);

  // Rows matching `filter`, by id.
  absl::StatusOr<std::vector<AuditEntry>> List(const AuditFilter& filter) const;

  // The row with `request_id`, or NotFound.
  absl::StatusOr<AuditEntry> Find(std::string_view request_id) const;

 private:
  class Impl;
  explicit AuditLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Salted SHA-256 of each non-empty identifier field ("column:hex"), for the
// columns that identify a person (nhs_number, given_name, family_name,
// date_of_birth, postcode, phone, email, address_line), in `fields` order.
std::vector<std::string> HashIdentifiers(std::string_view salt,
                                         const RecordFields& fields);

// A fresh random request id (32 hex digits, from OpenSSL's RAND_bytes).
std::string NewRequestId();

// The current UTC time as RFC 3339 with milliseconds ("...T12:00:00.123Z").
std::string NowRfc3339();

// Writers for `linkage-serve audit`: CSV with a header row, or one JSON
// object per line. identifier_hashes is ';'-joined in CSV.
void WriteAuditCsv(const std::vector<AuditEntry>& entries, std::ostream& out);
void WriteAuditJsonl(const std::vector<AuditEntry>& entries, std::ostream& out);

}  // namespace linkage::exchange

#endif  // LINKAGE_EXCHANGE_AUDIT_LOG_H_
