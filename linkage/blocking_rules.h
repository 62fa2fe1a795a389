// Copyright 2026 The Linkage Authors.
//
// Blocking rules from a config: which records share a block. A config's
// "blocking_rules_to_generate_predictions" is a list of rules, ORed; each rule
// is a list of keys, ANDed; each key is a column and a transform:
//
//   [[{"column": "nhs_number"}],
//    [{"column": "family_name", "transform": "double_metaphone"},
//     {"column": "date_of_birth", "transform": "year"}],
//    [{"column": "postcode", "transform": "sector"},
//     {"column": "given_name", "transform": "first_chars", "n": 1}]]
//
// Transforms (default "exact"):
//   exact              the canonical value
//   first_chars (n)    its first n code points (n >= 1)
//   soundex, double_metaphone, double_metaphone_alternate, nysiis
//                      phonetic codes of the value (empty code = null)
//   month_day          "MM-DD" from a date's month and day parts
//   <part name>        any derived part of the column's normaliser, e.g.
//                      "year", "month" (dates), "outward", "sector",
//                      "district", "area" (postcodes), "first" (given names)
// A record whose key value is null or empty under any key of a rule joins no
// block of that rule.
//
// Keys are computed once per unique dictionary value, then combined per
// record: the cost is per distinct value, not per record.
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(BlockingRules rules,
//       BlockingRules::Create(config["blocking_rules_to_generate_predictions"],
//                             schema, "$.blocking_rules_to_generate_predictions"));
//   LINKAGE_ASSIGN_OR_RETURN(BlockingKeys keys, rules.ComputeKeys(table));
//
// Thread-safety: immutable once created; const methods may be called
// concurrently.
#ifndef LINKAGE_LINKAGE_BLOCKING_RULES_H_
#define LINKAGE_LINKAGE_BLOCKING_RULES_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "blocking/blocking_keys.h"
#include "linkage/record_table.h"
#include "nlohmann/json.hpp"

namespace linkage {

// What a config can refer to before any data is read: a column and the parts
// its normaliser produces.
struct ColumnSchema {
  std::string name;
  std::vector<std::string> part_names;
};

enum class KeyTransform : std::uint8_t {
  kExact,
  kFirstChars,
  kSoundex,
  kDoubleMetaphone,
  kDoubleMetaphoneAlternate,
  kNysiis,
  kMonthDay,
  kPart,
};

struct BlockingKeySpec {
  std::string column;
  KeyTransform transform = KeyTransform::kExact;
  std::string part;  // kPart: the part's name
  int n = 0;         // kFirstChars
  // "family_name:double_metaphone", for messages and reports.
  std::string Describe() const;
};

// The per-value hashes of blocking keys (a column under a transform, e.g.
// "nhs_number:exact") over one table, shared by the ComputeKeys() calls of
// several rule sets: a job's prior, EM and prediction rules name many of
// the same keys, and hashing every value of an identifier column costs
// ~10 ms each time.
//
// Thread-safety: may be used by concurrent ComputeKeys() calls (a key two
// of them need at once may be computed twice; either result is kept, and
// they are equal).
class KeyHashCache {
 public:
  explicit KeyHashCache(const RecordTable& table) : table_(&table) {}
  const RecordTable& table() const noexcept { return *table_; }
  using Hashes = std::shared_ptr<const std::vector<std::uint64_t>>;
  // A key's name in the cache: its column, transform, part and n
  // (Describe() would not tell a part from a transform of the same name).
  static std::string KeyOf(const BlockingKeySpec& spec);
  // The cached hashes of `key` (KeyOf()), or null.
  Hashes Find(const std::string& key) const;
  // Caches `hashes` for `key` unless some are cached already; returns the
  // cached ones.
  Hashes Insert(const std::string& key, Hashes hashes);

 private:
  const RecordTable* table_;
  mutable std::mutex mutex_;
  absl::flat_hash_map<std::string, Hashes> hashes_;
};

class BlockingRules {
 public:
  // Parses and validates `rules` (a JSON array of arrays of key objects)
  // against `schema`. Errors name the JSON path, e.g.
  // "$.blocking_rules_to_generate_predictions[1][0].transform: unknown
  // transform \"metaphone\" for column \"family_name\"; one of: ...".
  static absl::StatusOr<BlockingRules> Create(const nlohmann::json& rules,
                                              std::span<const ColumnSchema> schema,
                                              std::string_view json_path);

  std::size_t num_rules() const noexcept { return rules_.size(); }
  std::span<const BlockingKeySpec> rule(std::size_t index) const noexcept {
    return rules_[index];
  }
  // "family_name:double_metaphone & date_of_birth:year".
  std::string Describe(std::size_t rule) const;

  // Keys of every record under every rule. Returns InvalidArgument if the
  // table lacks a column or part the rules name. With `cache` (made for
  // this table), each key's per-value hashes are taken from it or added to
  // it: the keys are the same either way.
  absl::StatusOr<BlockingKeys> ComputeKeys(const RecordTable& table,
                                           KeyHashCache* cache = nullptr) const;

  // The key values of `record` under `rule`, e.g.
  // "family_name:double_metaphone=SM0 & date_of_birth:year=1980", for
  // warnings about large blocks. Null values print as <null>.
  std::string KeyLabel(const RecordTable& table, std::size_t rule,
                       std::size_t record) const;

  // The hash of one key value (an ApplyKeyTransform result) under key `key`
  // of `rule`, exactly as ComputeKeys() hashes it; BlockingKeys::kNullKey
  // for "" (null).
  std::uint64_t KeyValueHash(std::size_t rule, std::size_t key,
                             std::string_view key_value) const noexcept;

  // A record's key under a rule from its keys' value hashes (in rule key
  // order), exactly as ComputeKeys() stores it: kNullKey if any is kNullKey,
  // else the combined hash (never kNullKey). For the streaming index, which
  // computes a query's keys without a RecordTable.
  static std::uint64_t CombineKeyHashes(
      std::span<const std::uint64_t> value_hashes) noexcept;

 private:
  std::vector<std::vector<BlockingKeySpec>> rules_;
  std::vector<std::vector<std::uint64_t>> salts_;  // per rule, per key
};

// The key value of dictionary entry `value` of `column` under `spec`, or ""
// when null. Exposed for tests and the blocking report.
std::string ApplyKeyTransform(const BlockingKeySpec& spec, const Column& column,
                              std::uint32_t value);

// The same for a normalised value that is not in the column's dictionary (a
// streaming query): `value` canonical, `parts` aligned with
// column.part_names (may be empty: no parts). "" when `value` is empty.
std::string ApplyKeyTransform(const BlockingKeySpec& spec, const Column& column,
                              std::string_view value,
                              std::span<const std::string> parts);

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_BLOCKING_RULES_H_
