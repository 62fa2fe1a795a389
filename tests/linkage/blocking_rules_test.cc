// Copyright 2026 The Linkage Authors.
#include "linkage/blocking_rules.h"

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "blocking/candidates.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace linkage {
namespace {

using ::testing::HasSubstr;

// Stand-in normalisers with the part names of the real ones: names pass
// through (empty = missing); dates "YYYY-MM-DD" get year/month/day parts.
class PassThrough : public Normaliser {
 public:
  std::string_view name() const noexcept override { return "pass"; }
  std::span<const std::string> part_names() const noexcept override { return {}; }
  NormalisedValue Normalise(std::string_view raw) const override {
    NormalisedValue v;
    if (raw.empty()) v.issue = Issue::kMissing;
    else v.value = std::string(raw);
    return v;
  }
};

class FakeDate : public Normaliser {
 public:
  std::string_view name() const noexcept override { return "fake_date"; }
  std::span<const std::string> part_names() const noexcept override { return parts_; }
  NormalisedValue Normalise(std::string_view raw) const override {
    NormalisedValue v;
    std::vector<std::string> p = absl::StrSplit(absl::string_view(raw.data(), raw.size()), '-');
    if (p.size() != 3) {
      v.issue = Issue::kBadFormat;
      return v;
    }
    v.value = std::string(raw);
    v.parts = p;
    return v;
  }

 private:
  std::vector<std::string> parts_{"year", "month", "day"};
};

std::vector<ColumnSchema> Schema() {
  return {{"surname", {}}, {"given", {}}, {"dob", {"year", "month", "day"}}};
}

RecordTable Table(const std::vector<std::vector<std::string_view>>& rows) {
  std::vector<RecordTableBuilder::ColumnSpec> columns;
  columns.push_back({"surname", std::make_unique<PassThrough>()});
  columns.push_back({"given", std::make_unique<PassThrough>()});
  columns.push_back({"dob", std::make_unique<FakeDate>()});
  RecordTableBuilder builder(std::move(columns));
  int line = 2;
  for (const auto& row : rows) {
    std::vector<std::string_view> fields(row.begin() + 1, row.end());
    EXPECT_TRUE(builder.Add(row[0], fields, line++).ok());
  }
  return *std::move(builder).Finish();
}

BlockingRules Rules(std::string_view json) {
  absl::StatusOr<BlockingRules> rules =
      BlockingRules::Create(nlohmann::json::parse(json), Schema(), "$.rules");
  EXPECT_TRUE(rules.ok()) << rules.status();
  return *std::move(rules);
}

struct BadConfig {
  const char* json;
  const char* error;
};

TEST(BlockingRulesTest, ConfigErrorsNameTheJsonPath) {
  const BadConfig cases[] = {
      {R"({"a": 1})", "$.rules: must be an array of rules"},
      {R"([[]])", "$.rules[0]: a rule must be a non-empty array of keys"},
      {R"([["surname"]])", "$.rules[0][0]: a blocking key must be an object"},
      {R"([[{"transform": "soundex"}]])", "$.rules[0][0].column: missing or not a string"},
      {R"([[{"column": "nhs"}]])",
       "$.rules[0][0].column: \"nhs\" is not a configured column; columns: surname, given, dob"},
      {R"([[{"column": "surname"}], [{"column": "dob", "transform": "sector"}]])",
       "$.rules[1][0].transform: unknown transform \"sector\" for column \"dob\"; one of: "
       "exact, first_chars, soundex, double_metaphone, double_metaphone_alternate, nysiis, "
       "month_day, year, month, day"},
      {R"([[{"column": "given", "transform": "first_chars"}]])",
       "$.rules[0][0].n: first_chars needs an integer n from 1 to 1000"},
      {R"([[{"column": "given", "transform": "soundex", "n": 2}]])",
       "$.rules[0][0].n: only first_chars takes n"},
      {R"([[{"column": "given", "transform": "month_day"}]])",
       "$.rules[0][0].transform: month_day needs a date column"},
      {R"([[{"column": "given", "transfrom": "soundex"}]])",
       "$.rules[0][0].transfrom: unknown key"},
  };
  for (const BadConfig& c : cases) {
    absl::StatusOr<BlockingRules> rules =
        BlockingRules::Create(nlohmann::json::parse(c.json), Schema(), "$.rules");
    ASSERT_FALSE(rules.ok()) << c.json;
    EXPECT_THAT(std::string(rules.status().message()), HasSubstr(c.error)) << c.json;
  }
}

TEST(BlockingRulesTest, TransformsOfDictionaryValues) {
  RecordTable table = Table({{"1", "SMITH", "ZOË", "1980-05-01"},
                             {"2", "SMYTH", "ZOE", "1980-01-05"},
                             {"3", "", "JO", "bad"}});
  const Column& surname = table.column(0);
  const Column& given = table.column(1);
  const Column& dob = table.column(2);
  auto apply = [&](const char* json, const Column& column, std::uint32_t v) {
    BlockingRules rules = Rules(json);
    return ApplyKeyTransform(rules.rule(0)[0], column, v);
  };
  EXPECT_EQ(apply(R"([[{"column": "surname", "transform": "soundex"}]])", surname, 0), "S530");
  EXPECT_EQ(apply(R"([[{"column": "surname", "transform": "soundex"}]])", surname, 1), "S530");
  EXPECT_EQ(apply(R"([[{"column": "surname", "transform": "double_metaphone"}]])", surname, 0), "SM0");
  EXPECT_EQ(apply(R"([[{"column": "surname", "transform": "nysiis"}]])", surname, 0), "SNAT");
  EXPECT_EQ(apply(R"([[{"column": "given", "transform": "first_chars", "n": 3}]])", given, 0), "ZOË");
  EXPECT_EQ(apply(R"([[{"column": "given", "transform": "first_chars", "n": 9}]])", given, 2), "JO");
  EXPECT_EQ(apply(R"([[{"column": "dob", "transform": "year"}]])", dob, 1), "1980");
  EXPECT_EQ(apply(R"([[{"column": "dob", "transform": "month_day"}]])", dob, 0), "05-01");
  EXPECT_EQ(apply(R"([[{"column": "dob"}]])", dob, kNullValue), "");
}

TEST(BlockingRulesTest, KeysBlockRecordsAndNullsJoinNoBlock) {
  RecordTable table = Table({{"a", "SMITH", "JOHN", "1980-05-01"},
                             {"b", "SMYTH", "JON", "1980-07-09"},
                             {"c", "SMITH", "JANE", "1975-05-01"},
                             {"d", "", "JOHN", "1980-05-01"},
                             {"e", "SMITH", "JOHN", "bad"}});
  BlockingRules rules = Rules(R"([
      [{"column": "surname", "transform": "soundex"}, {"column": "dob", "transform": "year"}],
      [{"column": "dob", "transform": "month_day"}]])");
  EXPECT_EQ(rules.Describe(0), "surname:soundex & dob:year");
  absl::StatusOr<BlockingKeys> keys = rules.ComputeKeys(table);
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(keys->Get(0, 0), keys->Get(0, 1));   // S530 & 1980
  EXPECT_NE(keys->Get(0, 0), keys->Get(0, 2));   // 1975
  EXPECT_EQ(keys->Get(0, 3), BlockingKeys::kNullKey);  // surname missing
  EXPECT_EQ(keys->Get(0, 4), BlockingKeys::kNullKey);  // dob invalid
  EXPECT_EQ(keys->Get(1, 0), keys->Get(1, 2));   // 05-01
  EXPECT_EQ(keys->Get(1, 0), keys->Get(1, 3));

  std::mutex mu;
  std::set<std::pair<std::string, std::string>> pairs;
  absl::StatusOr<CandidateStats> stats = GenerateCandidates(
      *keys, {}, [&](std::size_t, std::span<const CandidatePair> batch) {
        std::lock_guard<std::mutex> lock(mu);
        for (const CandidatePair& p : batch) {
          pairs.emplace(table.record_id(p.left), table.record_id(p.right));
        }
      });
  ASSERT_TRUE(stats.ok());
  const std::set<std::pair<std::string, std::string>> want = {
      {"a", "b"}, {"a", "c"}, {"a", "d"}, {"c", "d"}};
  EXPECT_EQ(pairs, want);
  EXPECT_EQ(stats->pairs_per_rule, (std::vector<std::uint64_t>{1, 3}));
  EXPECT_EQ(rules.KeyLabel(table, 0, 3), "surname:soundex=<null> & dob:year=1980");
  EXPECT_EQ(rules.KeyLabel(table, 1, 0), "dob:month_day=05-01");
}

// Rule sets over one table share their keys' value hashes through a
// KeyHashCache; the keys are those computed without it, and a cache made
// for another table is not used.
TEST(BlockingRulesTest, KeyHashCacheSharesValueHashesWithoutChangingKeys) {
  RecordTable table = Table({{"a", "SMITH", "JOHN", "1980-05-01"},
                             {"b", "SMYTH", "JON", "1980-07-09"},
                             {"c", "SMITH", "JANE", "1975-05-01"},
                             {"d", "", "JOHN", "1980-05-01"}});
  BlockingRules first = Rules(R"([[{"column": "surname"}, {"column": "dob", "transform": "year"}]])");
  BlockingRules second = Rules(R"([[{"column": "dob", "transform": "year"}],
      [{"column": "given", "transform": "first_chars", "n": 1}], [{"column": "surname"}]])");
  KeyHashCache cache(table);
  absl::StatusOr<BlockingKeys> cached_first = first.ComputeKeys(table, &cache);
  ASSERT_TRUE(cached_first.ok());
  const std::string surname_key = KeyHashCache::KeyOf(first.rule(0)[0]);
  const std::string year_key = KeyHashCache::KeyOf(first.rule(0)[1]);
  EXPECT_EQ(KeyHashCache::KeyOf(second.rule(0)[0]), year_key);
  EXPECT_NE(cache.Find(surname_key), nullptr);
  const KeyHashCache::Hashes year = cache.Find(year_key);
  ASSERT_NE(year, nullptr);
  EXPECT_EQ(cache.Find(KeyHashCache::KeyOf(second.rule(1)[0])), nullptr);
  absl::StatusOr<BlockingKeys> cached_second = second.ComputeKeys(table, &cache);
  ASSERT_TRUE(cached_second.ok());
  // The second rule set took the shared hashes from the cache, not anew,
  // and added its own.
  EXPECT_EQ(cache.Find(year_key), year);
  EXPECT_NE(cache.Find(KeyHashCache::KeyOf(second.rule(1)[0])), nullptr);
  absl::StatusOr<BlockingKeys> plain_first = first.ComputeKeys(table);
  absl::StatusOr<BlockingKeys> plain_second = second.ComputeKeys(table);
  ASSERT_TRUE(plain_first.ok() && plain_second.ok());
  for (std::uint32_t record = 0; record < table.num_records(); ++record) {
    EXPECT_EQ(cached_first->Get(0, record), plain_first->Get(0, record));
    for (std::size_t rule = 0; rule < 3; ++rule) {
      EXPECT_EQ(cached_second->Get(rule, record), plain_second->Get(rule, record));
    }
  }
  // A cache of another table (same columns, other values) is ignored.
  RecordTable other = Table({{"x", "JONES", "ANN", "1990-01-02"}});
  KeyHashCache other_cache(other);
  ASSERT_TRUE(second.ComputeKeys(other, &other_cache).ok());
  absl::StatusOr<BlockingKeys> ignored = second.ComputeKeys(table, &other_cache);
  ASSERT_TRUE(ignored.ok());
  for (std::uint32_t record = 0; record < table.num_records(); ++record) {
    for (std::size_t rule = 0; rule < 3; ++rule) {
      EXPECT_EQ(ignored->Get(rule, record), plain_second->Get(rule, record));
    }
  }
}

}  // namespace
}  // namespace linkage
