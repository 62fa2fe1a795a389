// Copyright 2026 The Linkage Authors.
//
// `linkage audit` (linkage/cli/audit_command.cc) reads the table that
// exchange/audit_log.cc writes with its own SQL: these tests keep the two in
// step by writing rows with AuditLog and reading them with the command.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "exchange/audit_log.h"
#include "nlohmann/json.hpp"

namespace linkage::exchange {
namespace {

using ::testing::HasSubstr;

std::string RunAudit(const std::string& args, int* exit_code) {
  const std::string command =
      std::string(LINKAGE_CLI_PATH) + " audit " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof(buffer), pipe))
    out.append(buffer, n);
  *exit_code = WEXITSTATUS(pclose(pipe));
  return out;
}

TEST(LinkageAuditCommandTest, ListsWhatTheServiceWrote) {
  const std::string path =
      (std::filesystem::temp_directory_path() /
       ("linkage_audit_cli_" + std::to_string(::getpid()) + ".db"))
          .string();
  // SQLite's -wal and -shm files too: a reader leaves them behind, and a
  // stale pair from an earlier process with the same pid would be read
  // with this run's database.
  const auto remove_database = [&] {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  };
  remove_database();
  {
    auto log = AuditLog::Open(path);
    ASSERT_TRUE(log.ok());
    AuditEntry e;
    e.request_id = "req-a";
    e.requester = "org:council";
    e.operation = "person-info-query";
    e.identifier_hashes = {"nhs_number:aa", "family_name:bb"};
    e.decision = "PERMIT";
    e.http_status = 200;
    e.status = "answered";
    ASSERT_TRUE((*log)->Append(e).ok());
    e.request_id = "req-b";
    e.decision = "REVIEW";
    e.http_status = 202;
    e.status = "queued";
    ASSERT_TRUE((*log)->Append(e).ok());
  }
  int code = -1;
  const std::string csv = RunAudit("--db " + path, &code);
  EXPECT_EQ(code, 0) << csv;
  EXPECT_THAT(csv,
              HasSubstr("id,request_id,time,requester,auth_method,operation"));
  EXPECT_THAT(csv, HasSubstr(",req-a,"));
  EXPECT_THAT(csv, HasSubstr("nhs_number:aa;family_name:bb"));
  const std::string queued =
      RunAudit("--db " + path + " --status queued --format jsonl", &code);
  EXPECT_EQ(code, 0);
  const nlohmann::json row = nlohmann::json::parse(queued);
  EXPECT_EQ(row["request_id"], "req-b");
  EXPECT_EQ(row["http_status"], 202);
  EXPECT_EQ(row["identifier_hashes"],
            nlohmann::json({"nhs_number:aa", "family_name:bb"}));
  RunAudit("--db /nonexistent/x.db", &code);
  EXPECT_EQ(code, 1);
  RunAudit("--db " + path + " --format xml", &code);
  EXPECT_EQ(code, 2);
  remove_database();
}

}  // namespace
}  // namespace linkage::exchange
