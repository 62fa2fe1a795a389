// Copyright 2026 The Linkage Authors.
//
// The C API (linkage/c/linkage_c.h) through liblinkage_c: status codes and
// messages for every kind of bad call, JSON in and out, persistence across
// close/open, and NULL handling. The model is trained once with the `linkage`
// command (LINKAGE_CLI_PATH).
#include "linkage/c/linkage_c.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/test_util.h"

namespace linkage {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

// Takes ownership of a string returned by the C API.
std::string Take(char* text) {
  std::string copy = text == nullptr ? "" : text;
  linkage_free_string(text);
  return copy;
}

class CApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern = ::testing::TempDir() + "/c_api_test_XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    ASSERT_NE(mkdtemp(buffer.data()), nullptr);
    dir_ = new std::string(buffer.data());
    model_ = new std::string(*dir_ + "/model.json");
    const std::string command =
        std::string(LINKAGE_CLI_PATH) + " train --quiet --config '" +
        testing::ConfigPath("fake_1000.json") + "' --input '" +
        testing::DataPath("splink/fake_1000.csv") + "' --out '" + *model_ + "'";
    ASSERT_EQ(std::system(command.c_str()), 0);
  }
  static void TearDownTestSuite() {
    std::system(("rm -rf '" + *dir_ + "'").c_str());
    delete dir_;
    delete model_;
  }
  void TearDown() override { linkage_close(matcher_); }

  void Open(const std::string& store) {
    linkage_close(matcher_);
    matcher_ = nullptr;
    ASSERT_EQ(linkage_open(model_->c_str(), store.c_str(), &matcher_), LINKAGE_OK)
        << linkage_last_error();
  }

  static std::string* dir_;
  static std::string* model_;
  linkage_matcher* matcher_ = nullptr;
};
std::string* CApiTest::dir_ = nullptr;
std::string* CApiTest::model_ = nullptr;

constexpr const char* kRobert =
    R"({"first_name": "Robert", "surname": "Allen", "dob": "1971-05-24"})";

TEST_F(CApiTest, VersionAndStatusNames) {
  EXPECT_STREQ(linkage_version(), "0.1.0");
  EXPECT_STREQ(linkage_status_name(LINKAGE_OK), "OK");
  EXPECT_STREQ(linkage_status_name(LINKAGE_INVALID_ARGUMENT), "INVALID_ARGUMENT");
  EXPECT_STREQ(linkage_status_name(LINKAGE_NOT_FOUND), "NOT_FOUND");
  EXPECT_STREQ(linkage_status_name(LINKAGE_ALREADY_EXISTS), "ALREADY_EXISTS");
  EXPECT_STREQ(linkage_status_name(LINKAGE_IO), "IO");
  EXPECT_STREQ(linkage_status_name(LINKAGE_INTERNAL), "INTERNAL");
  EXPECT_STREQ(linkage_status_name(static_cast<linkage_status>(99)), "UNKNOWN");
}

TEST_F(CApiTest, AddMatchRemoveAndErrors) {
  Open(*dir_ + "/register.db");
  char* result = nullptr;
  ASSERT_EQ(linkage_add(matcher_, "r1", kRobert, &result), LINKAGE_OK)
      << linkage_last_error();
  const json added = json::parse(Take(result));
  const std::string cluster = added["cluster_id"];
  EXPECT_FALSE(cluster.empty());
  ASSERT_EQ(added["events"].size(), 1u);
  EXPECT_EQ(added["events"][0]["kind"], "create");
  EXPECT_STREQ(linkage_last_error(), "");

  // result_json may be NULL for writes.
  ASSERT_EQ(linkage_add(matcher_, "r2", kRobert, nullptr), LINKAGE_OK);

  result = reinterpret_cast<char*>(1);  // must be reset to NULL on error
  EXPECT_EQ(linkage_add(matcher_, "r1", kRobert, &result), LINKAGE_ALREADY_EXISTS);
  EXPECT_EQ(result, nullptr);
  EXPECT_THAT(linkage_last_error(), HasSubstr("r1"));

  ASSERT_EQ(linkage_match(matcher_, kRobert, R"({"count": 1})", &result),
            LINKAGE_OK)
      << linkage_last_error();
  const json match = json::parse(Take(result));
  ASSERT_EQ(match["candidates"].size(), 1u);
  EXPECT_EQ(match["candidates"][0]["cluster_id"], cluster);
  EXPECT_EQ(match["candidates"][0]["decision"], "match");
  EXPECT_EQ(match["candidates_scored"], 2);

  ASSERT_EQ(linkage_get(matcher_, "r2", &result), LINKAGE_OK);
  const json got = json::parse(Take(result));
  EXPECT_EQ(got["id"], "r2");
  EXPECT_EQ(got["cluster_id"], cluster);
  EXPECT_EQ(got["record"]["surname"], "Allen");

  EXPECT_EQ(linkage_get(matcher_, "nobody", &result), LINKAGE_NOT_FOUND);
  EXPECT_EQ(linkage_remove(matcher_, "nobody", &result), LINKAGE_NOT_FOUND);
  EXPECT_THAT(linkage_last_error(), HasSubstr("nobody"));
  EXPECT_EQ(linkage_add(matcher_, "r3", "{not json", &result),
            LINKAGE_INVALID_ARGUMENT);
  EXPECT_THAT(linkage_last_error(), HasSubstr("invalid JSON"));
  EXPECT_EQ(linkage_add(matcher_, "r3", R"({"nested": {"a": 1}})", &result),
            LINKAGE_INVALID_ARGUMENT);
  EXPECT_EQ(linkage_add(matcher_, "r3", R"({"no_such_column": "x"})", &result),
            LINKAGE_INVALID_ARGUMENT);
  EXPECT_THAT(linkage_last_error(), HasSubstr("no_such_column"));
  EXPECT_EQ(linkage_match(matcher_, kRobert, R"({"policy": "nope"})", &result),
            LINKAGE_INVALID_ARGUMENT);
  EXPECT_EQ(linkage_match(matcher_, kRobert, R"({"colour": 1})", &result),
            LINKAGE_INVALID_ARGUMENT);

  ASSERT_EQ(linkage_upsert(matcher_, "r2", R"({"first_name": "Zed"})", &result),
            LINKAGE_OK);
  EXPECT_NE(json::parse(Take(result))["cluster_id"], cluster);  // split off
  ASSERT_EQ(linkage_remove(matcher_, "r1", &result), LINKAGE_OK);
  Take(result);
  std::uint64_t count = 0;
  ASSERT_EQ(linkage_count(matcher_, &count), LINKAGE_OK);
  EXPECT_EQ(count, 1u);
}

TEST_F(CApiTest, WritesSurviveCloseAndOpen) {
  const std::string store = *dir_ + "/persist.db";
  Open(store);
  ASSERT_EQ(linkage_add(matcher_, "a", kRobert, nullptr), LINKAGE_OK);
  ASSERT_EQ(linkage_add(matcher_, "b", R"({"first_name": "Ann"})", nullptr),
            LINKAGE_OK);
  char* before = nullptr;
  ASSERT_EQ(linkage_match(matcher_, kRobert, nullptr, &before), LINKAGE_OK);
  const std::string first = Take(before);
  Open(store);
  std::uint64_t count = 0;
  ASSERT_EQ(linkage_count(matcher_, &count), LINKAGE_OK);
  EXPECT_EQ(count, 2u);
  char* after = nullptr;
  ASSERT_EQ(linkage_match(matcher_, kRobert, nullptr, &after), LINKAGE_OK);
  EXPECT_EQ(Take(after), first);
}

TEST_F(CApiTest, InMemoryRegisterIsLostAtClose) {
  Open("");
  ASSERT_EQ(linkage_add(matcher_, "a", kRobert, nullptr), LINKAGE_OK);
  Open("");
  std::uint64_t count = 7;
  ASSERT_EQ(linkage_count(matcher_, &count), LINKAGE_OK);
  EXPECT_EQ(count, 0u);
}

TEST_F(CApiTest, OpenErrorsNameThePath) {
  linkage_matcher* matcher = reinterpret_cast<linkage_matcher*>(1);
  const std::string missing = *dir_ + "/no_such_model.json";
  EXPECT_EQ(linkage_open(missing.c_str(), nullptr, &matcher), LINKAGE_NOT_FOUND);
  EXPECT_EQ(matcher, nullptr);
  EXPECT_THAT(linkage_last_error(), HasSubstr(missing));

  // An untrained config is refused.
  EXPECT_EQ(linkage_open(testing::ConfigPath("fake_1000.json").c_str(), nullptr,
                         &matcher),
            LINKAGE_INVALID_ARGUMENT);

  const std::string foreign = *dir_ + "/foreign.txt";
  std::ofstream(foreign) << "hello, this is not a database at all\n";
  EXPECT_NE(linkage_open(model_->c_str(), foreign.c_str(), &matcher), LINKAGE_OK);
  EXPECT_THAT(linkage_last_error(), HasSubstr(foreign));
  EXPECT_EQ(linkage_open(nullptr, nullptr, &matcher), LINKAGE_INVALID_ARGUMENT);
  EXPECT_EQ(linkage_open(model_->c_str(), nullptr, nullptr),
            LINKAGE_INVALID_ARGUMENT);
}

// Hostile JSON is an INVALID_ARGUMENT, never a crash: deep nesting (parsed
// and freed without recursion), invalid UTF-8, wrong types. An id that is not
// UTF-8 is stored as given and comes back with its bad bytes replaced, as
// valid JSON.
TEST_F(CApiTest, HostileJsonIsAnErrorNotACrash) {
  Open("");
  const int depth = 1'000'000;
  const std::string nested = std::string(depth, '[') + std::string(depth, ']');
  char* result = reinterpret_cast<char*>(1);
  const std::string deep_query = R"({"first_name": )" + nested + "}";
  EXPECT_EQ(linkage_match(matcher_, deep_query.c_str(), nullptr, &result),
            LINKAGE_INVALID_ARGUMENT);
  EXPECT_EQ(result, nullptr);
  EXPECT_THAT(linkage_last_error(), HasSubstr("field \"first_name\""));
  EXPECT_EQ(linkage_match(matcher_, kRobert, nested.c_str(), &result),
            LINKAGE_INVALID_ARGUMENT);
  EXPECT_THAT(linkage_last_error(), HasSubstr("options_json"));
  EXPECT_EQ(linkage_add(matcher_, "x", nested.c_str(), &result),
            LINKAGE_INVALID_ARGUMENT);
  const std::string unterminated = std::string(depth, '{');
  EXPECT_EQ(linkage_match(matcher_, unterminated.c_str(), nullptr, &result),
            LINKAGE_INVALID_ARGUMENT);
  EXPECT_THAT(linkage_last_error(), HasSubstr("invalid JSON"));

  EXPECT_EQ(linkage_add(matcher_, "u", "{\"first_name\": \"\xff\xfe\"}", &result),
            LINKAGE_INVALID_ARGUMENT);
  EXPECT_THAT(linkage_last_error(), HasSubstr("invalid JSON"));
  EXPECT_EQ(linkage_add(matcher_, "t", "[1, 2]", &result), LINKAGE_INVALID_ARGUMENT);
  EXPECT_EQ(linkage_match(matcher_, kRobert, R"({"count": "five"})", &result),
            LINKAGE_INVALID_ARGUMENT);
  EXPECT_THAT(linkage_last_error(), HasSubstr("options_json.count"));
  EXPECT_EQ(linkage_match(matcher_, kRobert, R"({"explain": 1})", &result),
            LINKAGE_INVALID_ARGUMENT);

  ASSERT_EQ(linkage_add(matcher_, "bad\xff" "id", kRobert, &result), LINKAGE_OK)
      << linkage_last_error();
  Take(result);
  ASSERT_EQ(linkage_get(matcher_, "bad\xff" "id", &result), LINKAGE_OK);
  const json got = json::parse(Take(result));  // throws if not valid JSON
  EXPECT_EQ(got["id"], "bad\xEF\xBF\xBD" "id");
}

// The header's thread-safety claim: matches from several threads while
// another thread writes, each thread with its own last error.
TEST_F(CApiTest, ConcurrentMatchesAndWritesWithPerThreadErrors) {
  Open(*dir_ + "/threads.db");
  ASSERT_EQ(linkage_add(matcher_, "seed", kRobert, nullptr), LINKAGE_OK);
  constexpr int kWrites = 40;
  std::atomic<bool> writing{true};
  std::atomic<int> bad_matches{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&, t] {
      int rounds = 0;
      while (writing.load() || rounds < 5) {
        ++rounds;
        char* result = nullptr;
        if (linkage_match(matcher_, kRobert, nullptr, &result) != LINKAGE_OK) {
          ++bad_matches;
          continue;
        }
        const json match = json::parse(Take(result));
        // The seed is always there, so always a candidate.
        if (match["candidates"].empty()) ++bad_matches;
        // A failing call on this thread sets this thread's error only.
        if (t == 0) {
          if (linkage_get(matcher_, "nobody", &result) != LINKAGE_NOT_FOUND ||
              std::strstr(linkage_last_error(), "nobody") == nullptr) {
            ++bad_matches;
          }
        }
      }
    });
  }
  for (int i = 0; i < kWrites; ++i) {
    std::string id = "w";
    id += std::to_string(i);
    ASSERT_EQ(linkage_add(matcher_, id.c_str(), kRobert, nullptr), LINKAGE_OK)
        << linkage_last_error();
    EXPECT_STREQ(linkage_last_error(), "");  // unaffected by thread 0's errors
  }
  writing = false;
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(bad_matches.load(), 0);
  std::uint64_t count = 0;
  ASSERT_EQ(linkage_count(matcher_, &count), LINKAGE_OK);
  EXPECT_EQ(count, kWrites + 1u);
  char* result = nullptr;
  ASSERT_EQ(linkage_match(matcher_, kRobert, nullptr, &result), LINKAGE_OK);
  EXPECT_EQ(json::parse(Take(result))["candidates"].size(), kWrites + 1u);
}

TEST_F(CApiTest, NullArgumentsAreErrorsNotCrashes) {
  char* result = nullptr;
  EXPECT_EQ(linkage_match(nullptr, kRobert, nullptr, &result),
            LINKAGE_INVALID_ARGUMENT);
  EXPECT_THAT(linkage_last_error(), HasSubstr("matcher is NULL"));
  EXPECT_EQ(linkage_add(nullptr, "a", kRobert, &result), LINKAGE_INVALID_ARGUMENT);
  Open("");
  EXPECT_EQ(linkage_add(matcher_, nullptr, kRobert, &result),
            LINKAGE_INVALID_ARGUMENT);
  EXPECT_EQ(linkage_add(matcher_, "a", nullptr, &result), LINKAGE_INVALID_ARGUMENT);
  EXPECT_EQ(linkage_match(matcher_, nullptr, nullptr, &result),
            LINKAGE_INVALID_ARGUMENT);
  EXPECT_EQ(linkage_match(matcher_, kRobert, nullptr, nullptr),
            LINKAGE_INVALID_ARGUMENT);
  EXPECT_EQ(linkage_remove(matcher_, nullptr, &result), LINKAGE_INVALID_ARGUMENT);
  EXPECT_EQ(linkage_count(matcher_, nullptr), LINKAGE_INVALID_ARGUMENT);
  linkage_close(nullptr);
  linkage_free_string(nullptr);
}

}  // namespace
}  // namespace linkage
