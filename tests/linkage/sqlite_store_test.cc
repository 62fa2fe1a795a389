// Copyright 2026 The Linkage Authors.
//
// The SQLite Store (linkage/sqlite_store.cc): round trips, load order,
// events, metadata, reopening, refusal of foreign files and atomic batches.
#include <sqlite3.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "linkage/store.h"
#include "tests/test_util.h"

namespace linkage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/sqlite_store_test_XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    ASSERT_NE(mkdtemp(buffer.data()), nullptr);
    dir_ = buffer.data();
    path_ = dir_ + "/register.db";
  }
  void TearDown() override {
    std::system(("rm -rf '" + dir_ + "'").c_str());
  }

  std::unique_ptr<Store> OpenOrDie(const std::string& path) {
    absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  }

  static RegisterWrite Upsert(std::string id, RecordFields fields,
                              std::string cluster) {
    RegisterWrite write;
    write.kind = RegisterWrite::Kind::kUpsert;
    write.record = {std::move(id), std::move(fields), std::move(cluster)};
    return write;
  }
  static RegisterWrite Remove(std::string id) {
    RegisterWrite write;
    write.kind = RegisterWrite::Kind::kRemove;
    write.record.id = std::move(id);
    return write;
  }

  static std::vector<StoredRecord> LoadAll(Store& store) {
    std::vector<StoredRecord> records;
    absl::Status status = store.Load([&](const StoredRecord& record) {
      records.push_back(record);
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return records;
  }
  static std::vector<std::string> Ids(Store& store) {
    std::vector<std::string> ids;
    for (const StoredRecord& record : LoadAll(store)) ids.push_back(record.id);
    return ids;
  }
  static std::vector<ClusterEvent> Events(Store& store, std::uint64_t after) {
    std::vector<ClusterEvent> events;
    absl::Status status = store.ReadEvents(after, [&](const ClusterEvent& e) {
      events.push_back(e);
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return events;
  }

  std::string dir_;
  std::string path_;
};

TEST_F(SqliteStoreTest, RoundTripKeepsFieldOrderAndClusters) {
  std::unique_ptr<Store> store = OpenOrDie(path_);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Apply(Upsert("r1", {{"surname", "Smith"}, {"given", "Ann"}},
                                  "c1")).ok());
  ASSERT_TRUE(store->Apply(Upsert("r2", {{"given", "Bob"}}, "c2")).ok());
  const std::vector<StoredRecord> records = LoadAll(*store);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].id, "r1");
  EXPECT_THAT(records[0].fields,
              ElementsAre(Pair("surname", "Smith"), Pair("given", "Ann")));
  EXPECT_EQ(records[0].cluster_id, "c1");
  EXPECT_EQ(records[1].id, "r2");
  EXPECT_THAT(records[1].fields, ElementsAre(Pair("given", "Bob")));
  EXPECT_EQ(records[1].cluster_id, "c2");
  EXPECT_EQ(*store->CountRecords(), 2u);
}

TEST_F(SqliteStoreTest, UpsertKeepsPositionAndReplacesFields) {
  std::unique_ptr<Store> store = OpenOrDie(path_);
  for (const char* id : {"a", "b", "c"}) {
    ASSERT_TRUE(store->Apply(Upsert(id, {{"x", id}}, id)).ok());
  }
  ASSERT_TRUE(store->Apply(Upsert("a", {{"y", "new"}}, "c9")).ok());
  const std::vector<StoredRecord> records = LoadAll(*store);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].id, "a");  // still first
  EXPECT_THAT(records[0].fields, ElementsAre(Pair("y", "new")));
  EXPECT_EQ(records[0].cluster_id, "c9");
  EXPECT_EQ(Ids(*store), (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(SqliteStoreTest, RemoveAndReAddGoesToTheEnd) {
  std::unique_ptr<Store> store = OpenOrDie(path_);
  for (const char* id : {"a", "b", "c"}) {
    ASSERT_TRUE(store->Apply(Upsert(id, {}, id)).ok());
  }
  ASSERT_TRUE(store->Apply(Remove("a")).ok());
  EXPECT_EQ(Ids(*store), (std::vector<std::string>{"b", "c"}));
  ASSERT_TRUE(store->Apply(Upsert("a", {}, "a")).ok());
  EXPECT_EQ(Ids(*store), (std::vector<std::string>{"b", "c", "a"}));
  EXPECT_EQ(*store->CountRecords(), 3u);
}

TEST_F(SqliteStoreTest, RemoveOfUnknownIdIsNotFound) {
  std::unique_ptr<Store> store = OpenOrDie(path_);
  absl::Status status = store->Apply(Remove("ghost"));
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(status.message(), HasSubstr("ghost"));
  EXPECT_THAT(status.message(), HasSubstr(path_));
}

TEST_F(SqliteStoreTest, ClusterChangesMoveOtherRecords) {
  std::unique_ptr<Store> store = OpenOrDie(path_);
  ASSERT_TRUE(store->Apply(Upsert("a", {}, "c1")).ok());
  ASSERT_TRUE(store->Apply(Upsert("b", {}, "c2")).ok());
  RegisterWrite write = Upsert("c", {}, "c1");
  write.cluster_changes = {{"b", "c1"}};
  ASSERT_TRUE(store->Apply(write).ok());
  std::vector<std::string> clusters;
  for (const StoredRecord& r : LoadAll(*store)) clusters.push_back(r.cluster_id);
  EXPECT_EQ(clusters, (std::vector<std::string>{"c1", "c1", "c1"}));
}

TEST_F(SqliteStoreTest, EventsGetIncreasingSequences) {
  std::unique_ptr<Store> store = OpenOrDie(path_);
  RegisterWrite first = Upsert("a", {}, "c1");
  first.events = {{0, ClusterEventKind::kCreate, "c1", {}, "a"}};
  RegisterWrite second = Upsert("b", {}, "c1");
  second.events = {{0, ClusterEventKind::kMerge, "c1", {"c2", "c3"}, "b"},
                   {0, ClusterEventKind::kDissolve, "c2", {}, ""}};
  ASSERT_TRUE(store->ApplyBatch(std::vector<RegisterWrite>{first, second}).ok());

  const std::vector<ClusterEvent> all = Events(*store, 0);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].sequence, 1u);
  EXPECT_EQ(all[0].kind, ClusterEventKind::kCreate);
  EXPECT_EQ(all[0].cluster_id, "c1");
  EXPECT_EQ(all[0].record_id, "a");
  EXPECT_EQ(all[1].sequence, 2u);
  EXPECT_EQ(all[1].kind, ClusterEventKind::kMerge);
  EXPECT_THAT(all[1].others, ElementsAre("c2", "c3"));
  EXPECT_EQ(all[2].sequence, 3u);
  EXPECT_EQ(all[2].kind, ClusterEventKind::kDissolve);
  EXPECT_EQ(all[2].record_id, "b");  // empty means the write's record

  const std::vector<ClusterEvent> later = Events(*store, 2);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].sequence, 3u);
  EXPECT_TRUE(Events(*store, 3).empty());
}

TEST_F(SqliteStoreTest, ExplicitSequencesAreKeptAndMustIncrease) {
  std::unique_ptr<Store> store = OpenOrDie(path_);
  RegisterWrite write = Upsert("a", {}, "c1");
  write.events = {{10, ClusterEventKind::kCreate, "c1", {}, "a"}};
  ASSERT_TRUE(store->Apply(write).ok());
  write.events = {{0, ClusterEventKind::kSplit, "c1", {"c4"}, "a"}};
  ASSERT_TRUE(store->Apply(write).ok());
  write.events = {{5, ClusterEventKind::kCreate, "c5", {}, "a"}};
  absl::Status status = store->Apply(write);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  const std::vector<ClusterEvent> all = Events(*store, 0);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].sequence, 10u);
  EXPECT_EQ(all[1].sequence, 11u);
  EXPECT_EQ(all[1].kind, ClusterEventKind::kSplit);
}

TEST_F(SqliteStoreTest, MetaInWritesAndAlone) {
  std::unique_ptr<Store> store = OpenOrDie(path_);
  EXPECT_EQ(*store->GetMeta("next_cluster"), std::nullopt);
  RegisterWrite write = Upsert("a", {}, "c1");
  write.meta = {{"next_cluster", "2"}};
  ASSERT_TRUE(store->Apply(write).ok());
  EXPECT_EQ(*store->GetMeta("next_cluster"), "2");
  ASSERT_TRUE(store->PutMeta("model", "abc").ok());
  ASSERT_TRUE(store->PutMeta("model", "def").ok());
  EXPECT_EQ(*store->GetMeta("model"), "def");
  ASSERT_TRUE(store->PutMeta("empty", "").ok());
  EXPECT_EQ(*store->GetMeta("empty"), "");
}

TEST_F(SqliteStoreTest, ReopenSeesEverythingAndContinuesSequences) {
  {
    std::unique_ptr<Store> store = OpenOrDie(path_);
    RegisterWrite write = Upsert("a", {{"n", "1"}}, "c1");
    write.events = {{0, ClusterEventKind::kCreate, "c1", {}, "a"}};
    ASSERT_TRUE(store->Apply(write).ok());
    ASSERT_TRUE(store->Apply(Upsert("b", {{"n", "2"}}, "c1")).ok());
    ASSERT_TRUE(store->PutMeta("k", "v").ok());
  }
  std::unique_ptr<Store> store = OpenOrDie(path_);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Ids(*store), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*store->GetMeta("k"), "v");
  RegisterWrite write = Upsert("c", {}, "c3");
  write.events = {{0, ClusterEventKind::kCreate, "c3", {}, "c"}};
  ASSERT_TRUE(store->Apply(write).ok());
  const std::vector<ClusterEvent> all = Events(*store, 0);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].sequence, 2u);
}

TEST_F(SqliteStoreTest, TwoConnectionsSeeEachOthersCommits) {
  std::unique_ptr<Store> writer = OpenOrDie(path_);
  std::unique_ptr<Store> reader = OpenOrDie(path_);
  ASSERT_TRUE(writer->Apply(Upsert("a", {}, "c1")).ok());
  EXPECT_EQ(*reader->CountRecords(), 1u);
}

TEST_F(SqliteStoreTest, FailedBatchLeavesNothing) {
  std::unique_ptr<Store> store = OpenOrDie(path_);
  ASSERT_TRUE(store->Apply(Upsert("keep", {{"v", "old"}}, "c0")).ok());
  RegisterWrite good = Upsert("new", {{"v", "1"}}, "c1");
  good.events = {{0, ClusterEventKind::kCreate, "c1", {}, "new"}};
  good.meta = {{"next", "2"}};
  RegisterWrite update = Upsert("keep", {{"v", "changed"}}, "c1");
  RegisterWrite bad = Remove("ghost");
  absl::Status status =
      store->ApplyBatch(std::vector<RegisterWrite>{good, update, bad});
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);

  const std::vector<StoredRecord> records = LoadAll(*store);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].id, "keep");
  EXPECT_THAT(records[0].fields, ElementsAre(Pair("v", "old")));
  EXPECT_EQ(records[0].cluster_id, "c0");
  EXPECT_TRUE(Events(*store, 0).empty());
  EXPECT_EQ(*store->GetMeta("next"), std::nullopt);

  // A cluster change for an unknown record fails the same way.
  RegisterWrite orphan = Upsert("x", {}, "c1");
  orphan.cluster_changes = {{"nobody", "c1"}};
  EXPECT_EQ(store->Apply(orphan).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(*store->CountRecords(), 1u);

  // The store still works afterwards, and sequences start where they did.
  ASSERT_TRUE(store->Apply(good).ok());
  const std::vector<ClusterEvent> all = Events(*store, 0);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].sequence, 1u);  // the rolled-back numbers are reused
}

TEST_F(SqliteStoreTest, EmptyIdRefused) {
  std::unique_ptr<Store> store = OpenOrDie(path_);
  EXPECT_EQ(store->Apply(Upsert("", {}, "c")).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, AwkwardFieldValuesRoundTrip) {
  std::unique_ptr<Store> store = OpenOrDie(path_);
  const RecordFields fields = {
      {"quote", "O\"Brien 'x'"},
      {"newline", "line 1\nline 2\r\n"},
      {"utf8", "Zoë Ōtani 李 \xF0\x9F\x98\x80"},
      {"empty", ""},
      {"back\\slash", "a\\b\t"},
      {"nul", std::string("a\0b", 3)},
  };
  ASSERT_TRUE(store->Apply(Upsert("id \"1\"\n", fields, "c'1")).ok());
  store.reset();
  store = OpenOrDie(path_);
  const std::vector<StoredRecord> records = LoadAll(*store);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].id, "id \"1\"\n");
  EXPECT_EQ(records[0].fields, fields);
  EXPECT_EQ(records[0].cluster_id, "c'1");
}

TEST_F(SqliteStoreTest, InvalidUtf8FieldIsAnError) {
  std::unique_ptr<Store> store = OpenOrDie(path_);
  absl::Status status =
      store->Apply(Upsert("a", {{"ok", "fine"}, {"x", "\xff\xfe"}}, "c"));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("UTF-8"));
  // The message names the record and the field (regression: it said only
  // "a field").
  EXPECT_THAT(status.message(), HasSubstr("record \"a\""));
  EXPECT_THAT(status.message(), HasSubstr("field \"x\""));
  EXPECT_EQ(*store->CountRecords(), 0u);
  // An invalid column name is named too, its bad bytes replaced.
  status = store->Apply(Upsert("a", {{"sur\xffname", "Smith"}}, "c"));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("field \"sur\xEF\xBF\xBDname\""));
}

// Regression: BindText() of a default-constructed string_view (data() ==
// nullptr) bound SQL NULL: PutMeta failed a NOT NULL constraint (reported as
// AlreadyExists) and GetMeta of an empty key found nothing.
TEST_F(SqliteStoreTest, NullDataEmptyViewsAreEmptyStrings) {
  std::unique_ptr<Store> store = OpenOrDie(path_);
  ASSERT_NE(store, nullptr);
  const absl::Status put = store->PutMeta("k", std::string_view());
  ASSERT_TRUE(put.ok()) << put;
  EXPECT_EQ(*store->GetMeta("k"), "");
  ASSERT_TRUE(store->PutMeta("", "empty key").ok());
  EXPECT_EQ(*store->GetMeta(std::string_view()), "empty key");
}

// Regression: an `after` above INT64_MAX was bound as a negative number and
// returned every event.
TEST_F(SqliteStoreTest, ReadEventsAfterHugeSequenceIsEmpty) {
  std::unique_ptr<Store> store = OpenOrDie(path_);
  RegisterWrite write = Upsert("a", {}, "c1");
  write.events = {{0, ClusterEventKind::kCreate, "c1", {}, "a"}};
  ASSERT_TRUE(store->Apply(write).ok());
  EXPECT_EQ(Events(*store, 0).size(), 1u);
  EXPECT_TRUE(Events(*store, 1).empty());
  EXPECT_TRUE(Events(*store, std::uint64_t{1} << 63).empty());
  EXPECT_TRUE(Events(*store, ~std::uint64_t{0}).empty());
}

// Runs `sql` on the SQLite file at `path` (created if missing) with a plain
// connection.
void RunSql(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST_F(SqliteStoreTest, DamagedRecordFieldsAreDataLossNamingTheRecord) {
  int files = 0;
  for (const char* fields : {"not json", "[\"a\"]", "{\"x\": 1}",
                             "{\"x\": {\"y\": \"z\"}}"}) {
    SCOPED_TRACE(fields);
    const std::string path = dir_ + "/damaged" + std::to_string(++files) + ".db";
    {
      std::unique_ptr<Store> store = OpenOrDie(path);
      ASSERT_TRUE(store->Apply(Upsert("good", {{"x", "1"}}, "c1")).ok());
      ASSERT_TRUE(store->Apply(Upsert("bad", {{"x", "2"}}, "c2")).ok());
    }
    RunSql(path, ("UPDATE records SET fields = '" + std::string(fields) +
                   "' WHERE id = 'bad'")
                      .c_str());
    std::unique_ptr<Store> store = OpenOrDie(path);
    ASSERT_NE(store, nullptr);
    int visits = 0;
    const absl::Status status = store->Load([&](const StoredRecord&) {
      ++visits;
      return absl::OkStatus();
    });
    EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
    EXPECT_THAT(status.message(), HasSubstr(path));
    EXPECT_THAT(status.message(), HasSubstr("record \"bad\""));
    EXPECT_EQ(visits, 1);  // "good" came first
  }
}

TEST_F(SqliteStoreTest, DamagedEventsAreDataLoss) {
  {
    std::unique_ptr<Store> store = OpenOrDie(path_);
    RegisterWrite write = Upsert("a", {}, "c1");
    write.events = {{0, ClusterEventKind::kCreate, "c1", {}, "a"},
                    {0, ClusterEventKind::kMerge, "c1", {"c2"}, "a"}};
    ASSERT_TRUE(store->Apply(write).ok());
  }
  RunSql(path_, "UPDATE events SET kind = 'explode' WHERE sequence = 1");
  std::unique_ptr<Store> store = OpenOrDie(path_);
  ASSERT_NE(store, nullptr);
  absl::Status status =
      store->ReadEvents(0, [](const ClusterEvent&) { return absl::OkStatus(); });
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(status.message(), HasSubstr("event 1"));
  store.reset();
  RunSql(path_,
         "UPDATE events SET kind = 'create' WHERE sequence = 1;"
         "UPDATE events SET others = '[1]' WHERE sequence = 2");
  store = OpenOrDie(path_);
  ASSERT_NE(store, nullptr);
  status =
      store->ReadEvents(0, [](const ClusterEvent&) { return absl::OkStatus(); });
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(status.message(), HasSubstr("event 2"));
}

// Another process holding the write lock: the write waits busy_timeout_ms,
// then fails as Unavailable (naming the store) and changes nothing; once the
// lock is released the same store writes again.
TEST_F(SqliteStoreTest, LockedStoreIsUnavailableAndRecovers) {
  SqliteStoreOptions options;
  options.busy_timeout_ms = 50;
  absl::StatusOr<std::unique_ptr<Store>> opened = OpenSqliteStore(path_, options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  Store& store = **opened;
  ASSERT_TRUE(store.Apply(Upsert("a", {}, "c1")).ok());

  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr),
            SQLITE_OK);
  RegisterWrite write = Upsert("b", {}, "c2");
  write.events = {{0, ClusterEventKind::kCreate, "c2", {}, "b"}};
  write.meta = {{"next", "3"}};
  const absl::Status busy = store.Apply(write);
  EXPECT_EQ(busy.code(), absl::StatusCode::kUnavailable) << busy;
  EXPECT_THAT(busy.message(), HasSubstr(path_));
  EXPECT_EQ(*store.CountRecords(), 1u);
  EXPECT_EQ(*store.GetMeta("next"), std::nullopt);
  ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);

  // A reader's open snapshot does not block a WAL writer.
  sqlite3_stmt* read = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(other, "SELECT id FROM records", -1, &read, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(read), SQLITE_ROW);
  const absl::Status status = store.Apply(write);
  EXPECT_TRUE(status.ok()) << status;
  sqlite3_finalize(read);
  sqlite3_close(other);
  EXPECT_EQ(Ids(store), (std::vector<std::string>{"a", "b"}));
  const std::vector<ClusterEvent> events = Events(store, 0);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].sequence, 1u);
  EXPECT_EQ(*store.GetMeta("next"), "3");
}

TEST_F(SqliteStoreTest, LoadStopsAtTheVisitorsError) {
  std::unique_ptr<Store> store = OpenOrDie(path_);
  for (const char* id : {"a", "b", "c"}) {
    ASSERT_TRUE(store->Apply(Upsert(id, {}, id)).ok());
  }
  int visits = 0;
  absl::Status status = store->Load([&](const StoredRecord&) {
    return ++visits == 2 ? absl::CancelledError("stop") : absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(visits, 2);
  // The statement was reset: the store is usable for writes and loads.
  ASSERT_TRUE(store->Apply(Upsert("d", {}, "d")).ok());
  EXPECT_EQ(Ids(*store).size(), 4u);
}

TEST_F(SqliteStoreTest, NonSqliteFileRefusedAndLeftUntouched) {
  const std::string path = dir_ + "/people.csv";
  const std::string text = "id,name\n1,Ann\n2,Bob\n" + std::string(600, 'x');
  { std::ofstream(path, std::ios::binary) << text; }
  absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_THAT(store.status().message(), HasSubstr(path));
  EXPECT_THAT(store.status().message(), HasSubstr("not a Linkage store"));
  EXPECT_EQ(testing::ReadFileOrDie(path), text);
}

TEST_F(SqliteStoreTest, ForeignSqliteFileRefused) {
  const std::string path = dir_ + "/other.db";
  RunSql(path, "CREATE TABLE records(id TEXT); INSERT INTO records VALUES('x');");
  absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.status().message(), HasSubstr(path));
  EXPECT_THAT(store.status().message(), HasSubstr("not a Linkage store"));
}

TEST_F(SqliteStoreTest, NewerSchemaRefused) {
  { OpenOrDie(path_); }
  RunSql(path_, "PRAGMA user_version = 7;");
  absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.status().message(), HasSubstr(path_));
  EXPECT_THAT(store.status().message(), HasSubstr("schema version 7"));
}

TEST_F(SqliteStoreTest, StoreWithoutSchemaVersionRefused) {
  { OpenOrDie(path_); }
  RunSql(path_, "PRAGMA user_version = 0;");
  absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(store.status().message(), HasSubstr(path_));
  EXPECT_THAT(store.status().message(), HasSubstr("schema version"));
}

TEST_F(SqliteStoreTest, UnopenablePathNamed) {
  const std::string path = dir_ + "/no/such/dir/register.db";
  absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_THAT(store.status().message(), HasSubstr(path));
  EXPECT_FALSE(OpenSqliteStore("").ok());
}

TEST_F(SqliteStoreTest, StoreIsInWalMode) {
  { OpenOrDie(path_); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &statement, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)),
               "wal");
  sqlite3_finalize(statement);
  sqlite3_close(db);
}

TEST(ClusterEventKindNameTest, Names) {
  EXPECT_EQ(ClusterEventKindName(ClusterEventKind::kCreate), "create");
  EXPECT_EQ(ClusterEventKindName(ClusterEventKind::kMerge), "merge");
  EXPECT_EQ(ClusterEventKindName(ClusterEventKind::kSplit), "split");
  EXPECT_EQ(ClusterEventKindName(ClusterEventKind::kDissolve), "dissolve");
}

}  // namespace
}  // namespace linkage
