// Copyright 2026 The Linkage Authors.
#include "linkage/blocking_rules.h"

#include <algorithm>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/string_view.h"
#include "blocking/key_hash.h"
#include "comparators/double_metaphone.h"
#include "comparators/internal/utf8.h"
#include "comparators/nysiis.h"
#include "comparators/soundex.h"
#include "tbb/parallel_for.h"

namespace linkage {
namespace {

struct NamedTransform {
  std::string_view name;
  KeyTransform transform;
};

constexpr NamedTransform kTransforms[] = {
    {"exact", KeyTransform::kExact},
    {"first_chars", KeyTransform::kFirstChars},
    {"soundex", KeyTransform::kSoundex},
    {"double_metaphone", KeyTransform::kDoubleMetaphone},
    {"double_metaphone_alternate", KeyTransform::kDoubleMetaphoneAlternate},
    {"nysiis", KeyTransform::kNysiis},
    {"month_day", KeyTransform::kMonthDay},
};

std::string_view TransformName(const BlockingKeySpec& spec) {
  if (spec.transform == KeyTransform::kPart) return spec.part;
  for (const NamedTransform& t : kTransforms) {
    if (t.transform == spec.transform) return t.name;
  }
  return "?";
}

std::string ErrorPath(std::string_view base, std::size_t rule, std::size_t key) {
  return absl::StrCat(ToAbsl(base), "[", rule, "][", key, "]");
}

absl::StatusOr<BlockingKeySpec> ParseKey(const nlohmann::json& key,
                                         std::span<const ColumnSchema> schema,
                                         const std::string& path) {
  if (!key.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": a blocking key must be an object like "
                           "{\"column\": \"surname\", \"transform\": \"soundex\"}"));
  }
  for (const auto& [name, value] : key.items()) {
    if (name != "column" && name != "transform" && name != "n") {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ".", name, ": unknown key; expected column, transform, n"));
    }
  }
  auto column_it = key.find("column");
  if (column_it == key.end() || !column_it->is_string()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ".column: missing or not a string"));
  }
  BlockingKeySpec spec;
  spec.column = column_it->get<std::string>();
  const ColumnSchema* column = nullptr;
  for (const ColumnSchema& c : schema) {
    if (c.name == spec.column) column = &c;
  }
  if (column == nullptr) {
    std::vector<std::string> names;
    for (const ColumnSchema& c : schema) names.push_back(c.name);
    return absl::InvalidArgumentError(absl::StrCat(
        path, ".column: \"", spec.column,
        "\" is not a configured column; columns: ", absl::StrJoin(names, ", ")));
  }
  std::string transform = "exact";
  if (auto it = key.find("transform"); it != key.end()) {
    if (!it->is_string()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".transform: not a string"));
    }
    transform = it->get<std::string>();
  }
  bool known = false;
  for (const NamedTransform& t : kTransforms) {
    if (t.name == transform) {
      spec.transform = t.transform;
      known = true;
    }
  }
  if (!known) {
    if (std::find(column->part_names.begin(), column->part_names.end(),
                  transform) == column->part_names.end()) {
      std::vector<std::string> options;
      for (const NamedTransform& t : kTransforms) options.emplace_back(t.name);
      for (const std::string& p : column->part_names) options.push_back(p);
      return absl::InvalidArgumentError(absl::StrCat(
          path, ".transform: unknown transform \"", transform, "\" for column \"",
          spec.column, "\"; one of: ", absl::StrJoin(options, ", ")));
    }
    spec.transform = KeyTransform::kPart;
    spec.part = transform;
  }
  if (spec.transform == KeyTransform::kMonthDay) {
    for (const char* needed : {"month", "day"}) {
      if (std::find(column->part_names.begin(), column->part_names.end(),
                    needed) == column->part_names.end()) {
        return absl::InvalidArgumentError(absl::StrCat(
            path, ".transform: month_day needs a date column (with month and "
                  "day parts); \"", spec.column, "\" has none"));
      }
    }
  }
  auto n_it = key.find("n");
  if (spec.transform == KeyTransform::kFirstChars) {
    if (n_it == key.end() || !n_it->is_number_integer() ||
        n_it->get<std::int64_t>() < 1 || n_it->get<std::int64_t>() > 1000) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".n: first_chars needs an integer n from 1 to 1000"));
    }
    spec.n = n_it->get<int>();
  } else if (n_it != key.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ".n: only first_chars takes n"));
  }
  return spec;
}

}  // namespace

std::string BlockingKeySpec::Describe() const {
  std::string out = absl::StrCat(column, ":", ToAbsl(TransformName(*this)));
  if (transform == KeyTransform::kFirstChars) absl::StrAppend(&out, "(", n, ")");
  return out;
}

absl::StatusOr<BlockingRules> BlockingRules::Create(
    const nlohmann::json& rules, std::span<const ColumnSchema> schema,
    std::string_view json_path) {
  if (!rules.is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(
        ToAbsl(json_path), ": must be an array of rules, each an array of keys"));
  }
  if (rules.size() > 64) {
    return absl::InvalidArgumentError(absl::StrCat(
        ToAbsl(json_path), ": ", rules.size(), " rules; at most 64 are supported"));
  }
  BlockingRules out;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const nlohmann::json& rule = rules[r];
    if (!rule.is_array() || rule.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(ToAbsl(json_path), "[", r,
                       "]: a rule must be a non-empty array of keys"));
    }
    std::vector<BlockingKeySpec> keys;
    for (std::size_t k = 0; k < rule.size(); ++k) {
      absl::StatusOr<BlockingKeySpec> key =
          ParseKey(rule[k], schema, ErrorPath(json_path, r, k));
      if (!key.ok()) return key.status();
      keys.push_back(*std::move(key));
    }
    std::vector<std::uint64_t> salts;
    for (const BlockingKeySpec& key : keys) salts.push_back(HashBytes(key.Describe()));
    out.rules_.push_back(std::move(keys));
    out.salts_.push_back(std::move(salts));
  }
  return out;
}

std::string BlockingRules::Describe(std::size_t rule) const {
  std::vector<std::string> parts;
  for (const BlockingKeySpec& key : rules_[rule]) parts.push_back(key.Describe());
  return absl::StrJoin(parts, " & ");
}

namespace {

// The transforms whose key is a slice of the value or of one of its parts
// (exact, first_chars, part): sets *out to it and returns true; false for
// the others. ComputeKeys hashes these in place, without a copy.
template <typename PartOf>
bool SliceKey(const BlockingKeySpec& spec, const Column& column, std::string_view v,
              const PartOf& part, std::string_view* out) {
  switch (spec.transform) {
    case KeyTransform::kExact:
      *out = v;
      return true;
    case KeyTransform::kFirstChars: {
      std::size_t pos = 0;
      for (int i = 0; i < spec.n && pos < v.size(); ++i) internal::DecodeOne(v, &pos);
      *out = v.substr(0, pos);
      return true;
    }
    case KeyTransform::kPart: {
      const auto index = column.FindPart(spec.part);
      *out = index ? std::string_view(part(*index)) : std::string_view();
      return true;
    }
    default:
      return false;
  }
}

// The transform on a value whose parts come from `part(index)`.
template <typename PartOf>
std::string TransformValue(const BlockingKeySpec& spec, const Column& column,
                           std::string_view v, const PartOf& part) {
  if (std::string_view slice; SliceKey(spec, column, v, part, &slice)) {
    return std::string(slice);
  }
  switch (spec.transform) {
    case KeyTransform::kSoundex:
      return Soundex(v).ToString();
    case KeyTransform::kDoubleMetaphone:
      return DoubleMetaphone(v).primary.ToString();
    case KeyTransform::kDoubleMetaphoneAlternate:
      return DoubleMetaphone(v).alternate.ToString();
    case KeyTransform::kNysiis:
      return Nysiis(v).ToString();
    case KeyTransform::kMonthDay: {
      const auto month = column.FindPart("month");
      const auto day = column.FindPart("day");
      if (!month || !day) return "";
      const std::string_view m = part(*month);
      const std::string_view d = part(*day);
      if (m.empty() || d.empty()) return "";
      return absl::StrCat(ToAbsl(m), "-", ToAbsl(d));
    }
    default:  // the slices, above
      return "";
  }
}

}  // namespace

std::string ApplyKeyTransform(const BlockingKeySpec& spec, const Column& column,
                              std::uint32_t value) {
  if (value == kNullValue) return "";
  const Dictionary& dict = column.dictionary;
  return TransformValue(spec, column, dict.value(value), [&](std::size_t p) {
    return dict.part(value, p);
  });
}

std::string ApplyKeyTransform(const BlockingKeySpec& spec, const Column& column,
                              std::string_view value,
                              std::span<const std::string> parts) {
  if (value.empty()) return "";
  return TransformValue(spec, column, value, [&](std::size_t p) {
    return p < parts.size() ? std::string_view(parts[p]) : std::string_view();
  });
}

std::uint64_t BlockingRules::KeyValueHash(std::size_t rule, std::size_t key,
                                          std::string_view key_value) const noexcept {
  return key_value.empty() ? BlockingKeys::kNullKey
                           : HashBytes(key_value, salts_[rule][key]);
}

std::uint64_t BlockingRules::CombineKeyHashes(
    std::span<const std::uint64_t> value_hashes) noexcept {
  std::uint64_t h = 0;
  for (const std::uint64_t vh : value_hashes) {
    if (vh == BlockingKeys::kNullKey) return BlockingKeys::kNullKey;
    h = HashCombine(h, vh);
  }
  // BlockingKeys::Set's remapping.
  return h == BlockingKeys::kNullKey ? 1 : h;
}

std::string KeyHashCache::KeyOf(const BlockingKeySpec& spec) {
  return absl::StrCat(spec.column, "\n", static_cast<int>(spec.transform), "\n", spec.part,
                      "\n", spec.n);
}

KeyHashCache::Hashes KeyHashCache::Find(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = hashes_.find(key);
  return it == hashes_.end() ? nullptr : it->second;
}

KeyHashCache::Hashes KeyHashCache::Insert(const std::string& key, Hashes hashes) {
  std::lock_guard<std::mutex> lock(mutex_);
  return hashes_.try_emplace(key, std::move(hashes)).first->second;
}

absl::StatusOr<BlockingKeys> BlockingRules::ComputeKeys(const RecordTable& table,
                                                        KeyHashCache* cache) const {
  if (cache != nullptr && &cache->table() != &table) cache = nullptr;  // another table's
  // Per distinct key (column and transform): the column index and one hash
  // per dictionary value (kNullKey for a null or empty key value). Rules
  // often share keys (date of birth, a surname's Double Metaphone): each
  // is computed once.
  struct KeyColumn {
    std::size_t column;
    const std::uint32_t* values;  // the column's value id per record
    KeyHashCache::Hashes value_hashes;
  };
  std::vector<KeyColumn> distinct;
  std::vector<const BlockingKeySpec*> distinct_specs;
  std::vector<std::vector<std::size_t>> key_columns(rules_.size());  // indices
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    for (const BlockingKeySpec& spec : rules_[r]) {
      const auto column_index = table.FindColumn(spec.column);
      if (!column_index) {
        return absl::InvalidArgumentError(absl::StrCat(
            "blocking rule ", r, " names column \"", spec.column,
            "\", which the table lacks"));
      }
      const Column& column = table.column(*column_index);
      if (spec.transform == KeyTransform::kPart && !column.FindPart(spec.part)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "blocking rule ", r, ": column \"", spec.column, "\" has no part \"",
            spec.part, "\""));
      }
      const auto known = std::find_if(
          distinct_specs.begin(), distinct_specs.end(), [&](const BlockingKeySpec* k) {
            return k->column == spec.column && k->transform == spec.transform &&
                   k->part == spec.part && k->n == spec.n;
          });
      if (known != distinct_specs.end()) {
        key_columns[r].push_back(static_cast<std::size_t>(known - distinct_specs.begin()));
        continue;
      }
      KeyColumn kc{*column_index, column.values.data(), nullptr};
      const std::string cache_key = KeyHashCache::KeyOf(spec);
      if (cache != nullptr) kc.value_hashes = cache->Find(cache_key);
      if (kc.value_hashes == nullptr) {
        auto hashes = std::make_shared<std::vector<std::uint64_t>>(column.dictionary.size());
        const std::uint64_t salt = HashBytes(spec.Describe());
        tbb::parallel_for(
          tbb::blocked_range<std::uint32_t>(0, column.dictionary.size(), 512),
          [&](const tbb::blocked_range<std::uint32_t>& range) {
            for (std::uint32_t v = range.begin(); v != range.end(); ++v) {
              // A key that is a slice of the value or a part is hashed in
              // place (the same bytes ApplyKeyTransform would return).
              std::string_view view;
              std::string key;
              const Dictionary& dict = column.dictionary;
              if (!SliceKey(spec, column, dict.value(v), [&](std::size_t p) {
                    return dict.part(v, p);
                  }, &view)) {
                key = ApplyKeyTransform(spec, column, v);
                view = key;
              }
              (*hashes)[v] = view.empty() ? BlockingKeys::kNullKey : HashBytes(view, salt);
            }
          });
        kc.value_hashes = std::move(hashes);
        if (cache != nullptr) kc.value_hashes = cache->Insert(cache_key, kc.value_hashes);
      }
      key_columns[r].push_back(distinct.size());
      distinct.push_back(std::move(kc));
      distinct_specs.push_back(&spec);
    }
  }
  // Every key is written below (Set or SetNull), in parallel, kBlock
  // records at a time: first each distinct key column's value hashes for
  // the block are gathered into a buffer (one column's hashes at a time
  // stay cached, where the columns' hashes together would not), then each
  // record's rule keys are combined from the buffers.
  BlockingKeys keys = BlockingKeys::Unwritten(rules_.size(), table.num_records());
  const std::size_t n = table.num_records();
  constexpr std::size_t kBlock = 2048;
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, n, 4 * kBlock),
      [&](const tbb::blocked_range<std::size_t>& range) {
        // Every slot read below is written first: not zeroed.
        const std::unique_ptr<std::uint64_t[]> gathered(
            new std::uint64_t[distinct.size() * kBlock]);
        for (std::size_t begin = range.begin(); begin < range.end(); begin += kBlock) {
          const std::size_t size = std::min(kBlock, range.end() - begin);
          for (std::size_t k = 0; k < distinct.size(); ++k) {
            const KeyColumn& kc = distinct[k];
            const std::uint32_t* values = kc.values + begin;
            const std::uint64_t* hashes = kc.value_hashes->data();
            std::uint64_t* out = &gathered[k * kBlock];
            for (std::size_t i = 0; i < size; ++i) {
              const std::uint32_t value = values[i];
              out[i] = value == kNullValue ? BlockingKeys::kNullKey : hashes[value];
            }
          }
          for (std::size_t i = 0; i < size; ++i) {
            const std::size_t record = begin + i;
            for (std::size_t r = 0; r < key_columns.size(); ++r) {
              std::uint64_t h = 0;
              bool null = false;
              for (std::size_t k : key_columns[r]) {
                const std::uint64_t vh = gathered[k * kBlock + i];
                if (vh == BlockingKeys::kNullKey) {
                  null = true;
                  break;
                }
                h = HashCombine(h, vh);
              }
              if (null) {
                keys.SetNull(r, record);
              } else {
                keys.Set(r, record, h);
              }
            }
          }
        }
      });
  return keys;
}

std::string BlockingRules::KeyLabel(const RecordTable& table, std::size_t rule,
                                    std::size_t record) const {
  std::vector<std::string> parts;
  for (const BlockingKeySpec& spec : rules_[rule]) {
    std::string value = "<null>";
    if (const auto c = table.FindColumn(spec.column)) {
      const std::string key =
          ApplyKeyTransform(spec, table.column(*c), table.column(*c).values[record]);
      if (!key.empty()) value = key;
    }
    parts.push_back(absl::StrCat(spec.Describe(), "=", value));
  }
  return absl::StrJoin(parts, " & ");
}

}  // namespace linkage
