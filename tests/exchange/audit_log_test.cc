// Copyright 2026 The Linkage Authors.
#include "exchange/audit_log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

#include "exchange/hashing.h"

namespace linkage::exchange {
namespace {

using ::testing::HasSubstr;

std::string TempDb(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("linkage_audit_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
  return path.string();
}

AuditEntry Entry(const std::string& id,
                 const std::string& status = "answered") {
  AuditEntry e;
  e.request_id = id;
  e.requester = "org:a";
  e.operation = "person-info-query";
  e.reason = "https://r";
  e.identifier_hashes = {"nhs_number:abc", "family_name:def"};
  e.match_grade = "certain";
  e.candidates = 1;
  e.rule_id = "r1";
  e.rule_version = "2";
  e.model_version = "m1";
  e.decision = "PERMIT";
  e.http_status = 200;
  e.status = status;
  e.detail = "a, \"quoted\" note";
  return e;
}

TEST(AuditLogTest, AppendListFind) {
  const std::string path = TempDb("a.db");
  {
    auto log = AuditLog::Open(path);
    ASSERT_TRUE(log.ok()) << log.status();
    auto id1 = (*log)->Append(Entry("req-1"));
    auto id2 = (*log)->Append(Entry("req-2", "queued"));
    ASSERT_TRUE(id1.ok() && id2.ok());
    EXPECT_LT(*id1, *id2);
    EXPECT_EQ((*log)->Append(Entry("req-1")).status().code(),
              absl::StatusCode::kAlreadyExists);
  }
  // Reopen: the rows are on disk.
  auto log = AuditLog::Open(path);
  ASSERT_TRUE(log.ok());
  auto all = (*log)->List({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  const AuditEntry& first = (*all)[0];
  EXPECT_EQ(first.request_id, "req-1");
  EXPECT_EQ(first.identifier_hashes,
            (std::vector<std::string>{"nhs_number:abc", "family_name:def"}));
  EXPECT_EQ(first.rule_version, "2");
  EXPECT_EQ(first.http_status, 200);
  EXPECT_FALSE(first.time.empty());
  auto queued = (*log)->List(AuditFilter::WithStatus("queued"));
  ASSERT_EQ(queued->size(), 1u);
  EXPECT_EQ((*queued)[0].request_id, "req-2");
  EXPECT_EQ((*log)->List(AuditFilter::Since("9999"))->size(), 0u);
  auto found = (*log)->Find("req-2");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->status, "queued");
  EXPECT_EQ((*log)->Find("nope").status().code(), absl::StatusCode::kNotFound);

  std::ostringstream csv, jsonl;
  WriteAuditCsv(*all, csv);
  EXPECT_THAT(csv.str(), HasSubstr("id,request_id,time,requester"));
  EXPECT_THAT(csv.str(), HasSubstr("\"a, \"\"quoted\"\" note\""));
  WriteAuditJsonl(*all, jsonl);
  EXPECT_THAT(jsonl.str(), HasSubstr("\"request_id\":\"req-2\""));
}

TEST(AuditLogTest, AppendOnlyForEveryConnection) {
  const std::string path = TempDb("b.db");
  auto log = AuditLog::Open(path);
  ASSERT_TRUE((*log)->Append(Entry("x")).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_NE(sqlite3_exec(db, "UPDATE exchange_audit SET decision='DENY'",
                         nullptr, nullptr, &error),
            SQLITE_OK);
  ASSERT_NE(error, nullptr);
  EXPECT_THAT(error, HasSubstr("append-only"));
  sqlite3_free(error);
  EXPECT_NE(
      sqlite3_exec(db, "DELETE FROM exchange_audit", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  EXPECT_EQ((*log)->List({})->size(), 1u);
}

TEST(AuditLogTest, ConcurrentAppendsAllLand) {
  const std::string path = TempDb("c.db");
  auto log = AuditLog::Open(path, AuditLogOptions{false, 5000});
  ASSERT_TRUE(log.ok());
  constexpr int kThreads = 8, kEach = 50;
  std::vector<std::thread> threads;
  std::vector<std::vector<std::int64_t>> ids(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto id = (*log)->Append(
            Entry("t" + std::to_string(t) + "-" + std::to_string(i)));
        if (id.ok()) ids[t].push_back(*id);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::int64_t> unique;
  for (const auto& list : ids) unique.insert(list.begin(), list.end());
  EXPECT_EQ(unique.size(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_EQ((*log)->List({})->size(),
            static_cast<std::size_t>(kThreads * kEach));
}

TEST(AuditLogTest, HashIdentifiersNeverRaw) {
  RecordFields fields = {{"nhs_number", "9434765919"},
                         {"sex", "female"},
                         {"given_name", ""},
                         {"family_name", "Smith"}};
  auto hashes = HashIdentifiers("pepper-pepper-pepper", fields);
  ASSERT_EQ(hashes.size(), 2u);  // sex is not identifying; empty values skipped
  EXPECT_EQ(hashes[0],
            "nhs_number:" + SaltedHash("pepper-pepper-pepper", "9434765919"));
  EXPECT_EQ(hashes[1].rfind("family_name:", 0), 0u);
  for (const auto& h : hashes) {
    EXPECT_EQ(h.find("9434765919"), std::string::npos);
    EXPECT_EQ(h.find("Smith"), std::string::npos);
  }
  EXPECT_EQ(NewRequestId().size(), 32u);
  EXPECT_NE(NewRequestId(), NewRequestId());
  EXPECT_EQ(NowRfc3339().size(), 24u);  // 2026-11-22T02:40:25.123Z
}

}  // namespace
}  // namespace linkage::exchange
