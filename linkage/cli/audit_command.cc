// Copyright 2026 The Linkage Authors.
//
// `linkage audit`: lists or exports the audit log that `linkage-serve`
// writes (table exchange_audit, see exchange/audit_log.h) from a SQLite
// file, as CSV or JSON lines. It reads the table with plain SQL so that the
// `linkage` command does not depend on exchange/; keep the column list in
// step with exchange/audit_log.cc. Read-only: the database is opened
// SQLITE_OPEN_READONLY.
//
//   linkage audit --db register.db [--since 2026-11-01T00:00:00Z]
//                 [--status queued] [--format csv|jsonl] [--out FILE]
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <span>
#include <string>
#include <vector>

#include "boost/program_options.hpp"
#include "linkage/cli/command.h"
#include "nlohmann/json.hpp"

namespace linkage::cli {
namespace {

constexpr const char* kColumns[] = {"id",
                                    "request_id",
                                    "time",
                                    "requester",
                                    "auth_method",
                                    "operation",
                                    "reason",
                                    "identifier_hashes",
                                    "match_grade",
                                    "candidates",
                                    "rule_id",
                                    "rule_version",
                                    "model_version",
                                    "decision",
                                    "http_status",
                                    "status",
                                    "detail"};

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

int AuditMain(std::span<const std::string> args) {
  namespace po = boost::program_options;
  std::string db_path, since, status, format, out_path;
  po::options_description description(
      "linkage audit: list or export linkage-serve's audit log\nOptions");
  description.add_options()("help,h", "show this help")(
      "db", po::value<std::string>(&db_path)->required(),
      "SQLite file holding the exchange_audit table")(
      "since", po::value<std::string>(&since)->default_value(""),
      "only rows at or after this RFC 3339 time")(
      "status", po::value<std::string>(&status)->default_value(""),
      "only rows with this status (answered, queued, rejected)")(
      "format", po::value<std::string>(&format)->default_value("csv"),
      "csv or jsonl")("out",
                      po::value<std::string>(&out_path)->default_value(""),
                      "output file (default: standard output)");
  po::variables_map vars;
  try {
    std::vector<std::string> argv(args.begin(), args.end());
    po::store(po::command_line_parser(argv).options(description).run(), vars);
    if (vars.count("help")) {
      std::cout
          << description
          << "\nExit status: 0 done, 1 bad input or config, 2 usage error.\n";
      return kExitOk;
    }
    po::notify(vars);
  } catch (const po::error& e) {
    std::cerr << "linkage audit: " << e.what() << "\n\n" << description;
    return kExitUsage;
  }
  if (format != "csv" && format != "jsonl") {
    std::cerr << "linkage audit: --format must be csv or jsonl\n";
    return kExitUsage;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) !=
      SQLITE_OK) {
    std::cerr << "linkage audit: " << db_path << ": " << sqlite3_errmsg(db)
              << "\n";
    sqlite3_close(db);
    return kExitBadInput;
  }
  sqlite3_busy_timeout(db, 5000);
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < std::size(kColumns); ++i) {
    sql += (i ? ", " : "") + std::string(kColumns[i]);
  }
  sql += " FROM exchange_audit WHERE time >= ?1";
  if (!status.empty()) sql += " AND status = ?2";
  sql += " ORDER BY id";
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    std::cerr << "linkage audit: " << db_path << ": " << sqlite3_errmsg(db)
              << " (is this a linkage-serve database?)\n";
    sqlite3_close(db);
    return kExitBadInput;
  }
  sqlite3_bind_text(stmt, 1, since.c_str(), -1, SQLITE_TRANSIENT);
  if (!status.empty())
    sqlite3_bind_text(stmt, 2, status.c_str(), -1, SQLITE_TRANSIENT);
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (!out_path.empty()) {
    file.open(out_path);
    if (!file) {
      std::cerr << "linkage audit: " << out_path << ": cannot write\n";
      sqlite3_finalize(stmt);
      sqlite3_close(db);
      return kExitBadInput;
    }
    out = &file;
  }
  if (format == "csv") {
    for (std::size_t i = 0; i < std::size(kColumns); ++i)
      *out << (i ? "," : "") << kColumns[i];
    *out << "\n";
  }
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    nlohmann::json row = nlohmann::json::object();
    for (int c = 0; c < static_cast<int>(std::size(kColumns)); ++c) {
      const unsigned char* text = sqlite3_column_text(stmt, c);
      const std::string value = text ? reinterpret_cast<const char*>(text) : "";
      if (format == "csv") {
        *out << (c ? "," : "") << CsvField(value);
      } else if (std::string(kColumns[c]) == "identifier_hashes") {
        row[kColumns[c]] = nlohmann::json::array();
        std::size_t start = 0;
        while (!value.empty() && start <= value.size()) {
          const std::size_t end =
              std::min(value.find(';', start), value.size());
          row[kColumns[c]].push_back(value.substr(start, end - start));
          start = end + 1;
        }
      } else if (sqlite3_column_type(stmt, c) == SQLITE_INTEGER) {
        row[kColumns[c]] = sqlite3_column_int64(stmt, c);
      } else {
        row[kColumns[c]] = value;
      }
    }
    if (format == "csv") {
      *out << "\n";
    } else {
      *out << row.dump() << "\n";
    }
  }
  const bool ok = rc == SQLITE_DONE;
  if (!ok)
    std::cerr << "linkage audit: " << db_path << ": " << sqlite3_errmsg(db)
              << "\n";
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return ok ? kExitOk : kExitBadInput;
}

}  // namespace linkage::cli
