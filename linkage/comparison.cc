// Copyright 2026 The Linkage Authors.
#include "linkage/comparison.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
#include <cmath>
#include <limits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/string_view.h"
#include "comparators/damerau_levenshtein.h"
#include "comparators/date_compare.h"
#include "comparators/double_metaphone.h"
#include "comparators/identifier_compare.h"
#include "comparators/jaccard.h"
#include "comparators/jaro.h"
#include "comparators/levenshtein.h"
#include "comparators/nysiis.h"
#include "comparators/osa.h"
#include "comparators/postcode_compare.h"
#include "comparators/soundex.h"
#include "blocking/key_hash.h"
#include "tbb/blocked_range.h"
#include "tbb/parallel_for.h"

namespace linkage {
namespace {

// A value's distinct token ids as a 64-bit set (one bit per id, by a
// multiplicative hash) and their count. Two values share at most
// popcount(a.bits & b.bits) + collisions tokens, where a value's collisions
// are its tokens that landed on an already set bit (count - popcount(bits)):
// each shared token sets a bit in both sets, and distinct shared tokens on
// one bit are collisions of both values.
struct TokenSketch {
  std::uint64_t bits = 0;
  std::uint32_t count = 0;
  std::uint32_t unused = 0;  // no padding: copied whole into the rows
};

inline std::uint64_t TokenBit(std::uint32_t id) noexcept {
  return std::uint64_t{1} << ((id * 0x9E3779B97F4A7C15ULL) >> 58);
}

inline std::size_t SharedTokensUpperBound(const TokenSketch& a,
                                          const TokenSketch& b) noexcept {
  const std::size_t collisions_a = a.count - Popcount64(a.bits);
  const std::size_t collisions_b = b.count - Popcount64(b.bits);
  const std::size_t bound =
      Popcount64(a.bits & b.bits) + std::min(collisions_a, collisions_b);
  return std::min<std::size_t>(bound, std::min(a.count, b.count));
}

// A PostcodeKey in 16 bytes for a record row: the outward code as packed
// by MakePostcodeKey, and inward code and area of at most 3 bytes each (24
// bits of bytes, the length above). kNotPacked: read the full key.
struct PackedPostcode {
  static constexpr std::uint64_t kNotPacked = ~std::uint64_t{0};
  std::uint64_t outward = kNotPacked;
  std::uint32_t inward = 0, area = 0;
};

// A PackShort() integer (bytes, length in the top byte) of at most 3 bytes
// in 32 bits; false when longer.
inline bool Narrow(std::uint64_t packed, std::uint32_t* out) noexcept {
  const std::uint64_t length = packed >> 56;
  if (length > 3) return false;
  *out = static_cast<std::uint32_t>((length << 24) | (packed & 0xFFFFFF));
  return true;
}

inline std::uint64_t Widen(std::uint32_t narrow) noexcept {
  return (static_cast<std::uint64_t>(narrow >> 24) << 56) | (narrow & 0xFFFFFF);
}

inline PackedPostcode Pack(const PostcodeKey& key) noexcept {
  PackedPostcode packed;
  std::uint32_t inward = 0, area = 0;
  if (key.fits && Narrow(key.inward, &inward) && Narrow(key.area, &area)) {
    packed.outward = key.outward;
    packed.inward = inward;
    packed.area = area;
  }
  return packed;
}

// REQUIRES: packed.outward != kNotPacked. MakePostcodeKey's inward_first is
// the inward code's first byte | 0x100, 0 without an inward code.
inline PostcodeKey Unpack(const PackedPostcode& packed) noexcept {
  PostcodeKey key;
  key.outward = packed.outward;
  key.inward = Widen(packed.inward);
  key.area = Widen(packed.area);
  key.inward_first = packed.inward == 0 ? 0 : ((packed.inward & 0xFF) | 0x100u);
  key.fits = true;
  return key;
}

struct ComparatorInfo {
  std::string_view name;
  Comparator comparator;
  // The parameter it needs ("" none), and its valid range.
  std::string_view param;
  double lo, hi;
};

constexpr double kInf = std::numeric_limits<double>::infinity();

constexpr ComparatorInfo kComparators[] = {
    {"exact", Comparator::kExact, "", 0, 0},
    {"part_exact", Comparator::kPartExact, "", 0, 0},
    {"jaro_winkler", Comparator::kJaroWinkler, "min", 0, 1},
    {"jaro", Comparator::kJaro, "min", 0, 1},
    {"levenshtein", Comparator::kLevenshtein, "max", 0, 1000},
    {"damerau_levenshtein", Comparator::kDamerauLevenshtein, "max", 0, 1000},
    {"osa", Comparator::kOsa, "max", 0, 1000},
    {"jaccard", Comparator::kJaccard, "min", 0, 1},
    {"token_jaccard", Comparator::kTokenJaccard, "min", 0, 1},
    {"token_overlap", Comparator::kTokenOverlap, "", 0, 0},
    {"soundex", Comparator::kSoundex, "", 0, 0},
    {"double_metaphone", Comparator::kDoubleMetaphone, "", 0, 0},
    {"nysiis", Comparator::kNysiis, "", 0, 0},
    {"date_within", Comparator::kDateWithinDays, "", 0, 0},
    {"day_month_swap", Comparator::kDayMonthSwap, "", 0, 0},
    {"postcode", Comparator::kPostcode, "", 0, 0},
    {"identifier_typo", Comparator::kIdentifierTypo, "", 0, 0},
    {"numeric_abs", Comparator::kNumericAbs, "max", 0, kInf},
    {"numeric_rel", Comparator::kNumericRel, "max", 0, 1},
    {"reversed", Comparator::kReversed, "", 0, 0},
};

constexpr std::string_view kLevelKeys[] = {
    "null", "is_null_level", "else", "comparator", "min", "max", "q", "part",
    "level", "days", "months", "years", "other", "label",
    "tf_adjustment_column", "tf_adjustment_weight", "tf_minimum_u_value",
    "m_probability", "u_probability"};

const ColumnSchema* FindSchema(std::span<const ColumnSchema> schema,
                               std::string_view name) {
  for (const ColumnSchema& c : schema) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

absl::Status Bad(const std::string& path, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", ToAbsl(what)));
}

absl::StatusOr<double> Number(const nlohmann::json& level,
                              const std::string& path, std::string_view key,
                              double lo, double hi, std::string_view who) {
  auto it = level.find(key);
  if (it == level.end() || !it->is_number()) {
    return Bad(absl::StrCat(path, ".", ToAbsl(key)),
               absl::StrCat(ToAbsl(who), " needs a number ", ToAbsl(key)));
  }
  const double v = it->get<double>();
  if (!(v >= lo && v <= hi)) {
    return Bad(absl::StrCat(path, ".", ToAbsl(key)),
               absl::StrCat(ToAbsl(who), " needs ", ToAbsl(key), " from ", lo,
                            " to ", hi, "; got ", v));
  }
  return v;
}

absl::StatusOr<std::optional<double>> Probability(const nlohmann::json& level,
                                                  const std::string& path,
                                                  std::string_view key) {
  auto it = level.find(key);
  if (it == level.end() || it->is_null()) return std::optional<double>();
  if (!it->is_number() || !(it->get<double>() >= 0 && it->get<double>() <= 1)) {
    return Bad(absl::StrCat(path, ".", ToAbsl(key)),
               "must be a probability from 0 to 1");
  }
  return std::optional<double>(it->get<double>());
}

absl::StatusOr<LevelSpec> ParseLevel(const nlohmann::json& level,
                                     const std::string& path,
                                     const ColumnSchema& column,
                                     std::span<const ColumnSchema> schema) {
  if (!level.is_object()) return Bad(path, "a comparison level must be an object");
  for (const auto& [key, value] : level.items()) {
    bool known = false;
    for (std::string_view k : kLevelKeys) known = known || k == key;
    if (!known) {
      return Bad(absl::StrCat(path, ".", key),
                 absl::StrCat("unknown key; expected one of: ",
                              absl::StrJoin(std::begin(kLevelKeys), std::end(kLevelKeys), ", ",
                                            [](std::string* out, std::string_view s) {
                                              out->append(s);
                                            })));
    }
  }
  LevelSpec spec;
  auto flag = [&](const char* key) {
    auto it = level.find(key);
    return it != level.end() && it->is_boolean() && it->get<bool>();
  };
  if (flag("null") || flag("is_null_level")) {
    spec.comparator = Comparator::kNull;
  } else if (flag("else")) {
    spec.comparator = Comparator::kElse;
  } else {
    auto it = level.find("comparator");
    if (it == level.end() || !it->is_string()) {
      return Bad(path, "a level needs \"comparator\" (or \"null\": true / \"else\": true)");
    }
    const std::string name = it->get<std::string>();
    const ComparatorInfo* info = nullptr;
    for (const ComparatorInfo& c : kComparators) {
      if (c.name == name) info = &c;
    }
    if (info == nullptr) {
      std::vector<std::string> names;
      for (const ComparatorInfo& c : kComparators) names.emplace_back(c.name);
      return Bad(path + ".comparator",
                 absl::StrCat("unknown comparator \"", name, "\"; one of: ",
                              absl::StrJoin(names, ", ")));
    }
    spec.comparator = info->comparator;
    if (!info->param.empty()) {
      absl::StatusOr<double> v =
          Number(level, path, info->param, info->lo, info->hi, info->name);
      if (!v.ok()) return v.status();
      spec.threshold = *v;
    }
    switch (spec.comparator) {
      case Comparator::kJaccard:
        if (auto q = level.find("q"); q != level.end()) {
          if (!q->is_number_integer() || q->get<int>() < 1 || q->get<int>() > 8) {
            return Bad(path + ".q", "jaccard needs an integer q from 1 to 8");
          }
          spec.q = q->get<int>();
        }
        break;
      case Comparator::kPartExact: {
        auto part = level.find("part");
        if (part == level.end() || !part->is_string()) {
          return Bad(path + ".part", "part_exact needs \"part\"");
        }
        spec.part = part->get<std::string>();
        if (std::find(column.part_names.begin(), column.part_names.end(),
                      spec.part) == column.part_names.end()) {
          return Bad(path + ".part",
                     absl::StrCat("column \"", column.name, "\" has no part \"",
                                  spec.part, "\"; parts: ",
                                  absl::StrJoin(column.part_names, ", ")));
        }
        break;
      }
      case Comparator::kDateWithinDays: {
        int given = 0;
        for (const auto& [key, kind] :
             {std::pair{"days", Comparator::kDateWithinDays},
              std::pair{"months", Comparator::kDateWithinMonths},
              std::pair{"years", Comparator::kDateWithinYears}}) {
          if (level.contains(key)) {
            absl::StatusOr<double> v = Number(level, path, key, 0, 100000, "date_within");
            if (!v.ok()) return v.status();
            spec.threshold = *v;
            spec.comparator = kind;
            ++given;
          }
        }
        if (given != 1) {
          return Bad(path, "date_within needs exactly one of days, months, years");
        }
        break;
      }
      case Comparator::kPostcode: {
        auto l = level.find("level");
        const std::string_view levels[] = {"unit", "sector", "district", "area"};
        int found = 0;
        if (l != level.end() && l->is_string()) {
          for (int i = 0; i < 4; ++i) {
            if (levels[i] == l->get<std::string>()) found = i + 1;
          }
        }
        if (found == 0) {
          return Bad(path + ".level", "postcode needs level: unit, sector, district or area");
        }
        spec.postcode_level = found;
        break;
      }
      case Comparator::kReversed: {
        auto other = level.find("other");
        if (other == level.end() || !other->is_string() ||
            FindSchema(schema, other->get<std::string>()) == nullptr) {
          return Bad(path + ".other", "reversed needs \"other\": a configured column");
        }
        spec.other = other->get<std::string>();
        break;
      }
      default:
        break;
    }
  }
  if (auto it = level.find("label"); it != level.end()) {
    if (!it->is_string()) return Bad(path + ".label", "must be a string");
    spec.label = it->get<std::string>();
  }
  if (auto it = level.find("tf_adjustment_column"); it != level.end()) {
    if (!it->is_string() || FindSchema(schema, it->get<std::string>()) == nullptr) {
      return Bad(path + ".tf_adjustment_column", "must name a configured column");
    }
    spec.tf_adjustment_column = it->get<std::string>();
  }
  if (auto it = level.find("tf_adjustment_weight"); it != level.end()) {
    if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > 1) {
      return Bad(path + ".tf_adjustment_weight", "must be a number from 0 to 1");
    }
    spec.tf_adjustment_weight = it->get<double>();
  }
  if (auto it = level.find("tf_minimum_u_value"); it != level.end()) {
    if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > 1) {
      return Bad(path + ".tf_minimum_u_value", "must be a number from 0 to 1");
    }
    spec.tf_minimum_u_value = it->get<double>();
  }
  absl::StatusOr<std::optional<double>> m = Probability(level, path, "m_probability");
  if (!m.ok()) return m.status();
  absl::StatusOr<std::optional<double>> u = Probability(level, path, "u_probability");
  if (!u.ok()) return u.status();
  spec.m_probability = *m;
  spec.u_probability = *u;
  if (spec.label.empty()) {
    if (spec.is_null()) {
      spec.label = "null";
    } else if (spec.is_else()) {
      spec.label = "else";
    } else {
      spec.label = std::string(ComparatorName(spec.comparator));
      if (spec.comparator == Comparator::kPostcode) {
        const char* names[] = {"", "unit", "sector", "district", "area"};
        absl::StrAppend(&spec.label, " ", names[spec.postcode_level]);
      } else if (spec.comparator == Comparator::kPartExact) {
        absl::StrAppend(&spec.label, " ", spec.part);
      } else if (spec.comparator == Comparator::kReversed) {
        absl::StrAppend(&spec.label, " with ", spec.other);
      } else if (spec.threshold != 0 ||
                 spec.comparator == Comparator::kDateWithinDays) {
        absl::StrAppend(&spec.label, " ", spec.threshold);
      }
    }
  }
  return spec;
}

std::int32_t ParseDayNumber(std::string_view s) {
  std::int32_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return kNoDayNumber;
  return v;
}

}  // namespace

std::string_view ComparatorName(Comparator comparator) noexcept {
  switch (comparator) {
    case Comparator::kNull: return "null";
    case Comparator::kElse: return "else";
    case Comparator::kDateWithinDays:
    case Comparator::kDateWithinMonths:
    case Comparator::kDateWithinYears: return "date_within";
    default: break;
  }
  for (const ComparatorInfo& c : kComparators) {
    if (c.comparator == comparator) return c.name;
  }
  return "?";
}

std::vector<std::string> ComparisonSpec::columns_used() const {
  std::vector<std::string> used = {column};
  for (const LevelSpec& level : levels) {
    if (!level.other.empty()) used.push_back(level.other);
  }
  return used;
}

absl::StatusOr<std::vector<ComparisonSpec>> ParseComparisons(
    const nlohmann::json& comparisons, std::span<const ColumnSchema> schema,
    std::string_view json_path) {
  const std::string base(json_path);
  if (!comparisons.is_array() || comparisons.empty()) {
    return Bad(base, "must be a non-empty array of comparisons");
  }
  if (comparisons.size() > kMaxComparisons) {
    return Bad(base, absl::StrCat("at most ", kMaxComparisons,
                                  " comparisons are supported; got ",
                                  comparisons.size()));
  }
  std::vector<ComparisonSpec> out;
  for (std::size_t c = 0; c < comparisons.size(); ++c) {
    const std::string path = absl::StrCat(base, "[", c, "]");
    const nlohmann::json& comparison = comparisons[c];
    if (!comparison.is_object()) return Bad(path, "a comparison must be an object");
    for (const auto& [key, value] : comparison.items()) {
      if (key != "output_column_name" && key != "column" &&
          key != "comparison_levels" && key != "comparison_description") {
        return Bad(path + "." + key,
                   "unknown key; expected output_column_name, column, "
                   "comparison_levels, comparison_description");
      }
    }
    ComparisonSpec spec;
    auto name = comparison.find("output_column_name");
    if (name == comparison.end() || !name->is_string()) {
      return Bad(path + ".output_column_name", "missing or not a string");
    }
    spec.output_column_name = name->get<std::string>();
    spec.column = spec.output_column_name;
    if (auto column = comparison.find("column"); column != comparison.end()) {
      if (!column->is_string()) return Bad(path + ".column", "not a string");
      spec.column = column->get<std::string>();
    }
    const ColumnSchema* column = FindSchema(schema, spec.column);
    if (column == nullptr) {
      std::vector<std::string> names;
      for (const ColumnSchema& s : schema) names.push_back(s.name);
      return Bad(path + (comparison.contains("column") ? ".column" : ".output_column_name"),
                 absl::StrCat("\"", spec.column,
                              "\" is not a configured column; columns: ",
                              absl::StrJoin(names, ", ")));
    }
    auto levels = comparison.find("comparison_levels");
    if (levels == comparison.end() || !levels->is_array() || levels->empty()) {
      return Bad(path + ".comparison_levels", "must be a non-empty array");
    }
    for (std::size_t l = 0; l < levels->size(); ++l) {
      const std::string level_path =
          absl::StrCat(path, ".comparison_levels[", l, "]");
      absl::StatusOr<LevelSpec> level =
          ParseLevel((*levels)[l], level_path, *column, schema);
      if (!level.ok()) return level.status();
      if (level->is_null() && l != 0) {
        return Bad(level_path, "the null level must come first");
      }
      if (level->is_else() && l + 1 != levels->size()) {
        return Bad(level_path, "the else level must come last");
      }
      spec.levels.push_back(*std::move(level));
    }
    if (!spec.levels.front().is_null()) {
      LevelSpec null_level;
      null_level.comparator = Comparator::kNull;
      null_level.label = "null";
      spec.levels.insert(spec.levels.begin(), null_level);
    }
    if (!spec.levels.back().is_else()) {
      LevelSpec else_level;
      else_level.comparator = Comparator::kElse;
      else_level.label = "else";
      spec.levels.push_back(else_level);
    }
    if (spec.levels.size() > kMaxLevels) {
      return Bad(path + ".comparison_levels",
                 absl::StrCat("at most ", kMaxLevels,
                              " levels (null and else included); got ",
                              spec.levels.size()));
    }
    out.push_back(std::move(spec));
  }
  return out;
}

nlohmann::json ComparisonToJson(const ComparisonSpec& comparison) {
  nlohmann::json out = nlohmann::json::object();
  out["output_column_name"] = comparison.output_column_name;
  if (comparison.column != comparison.output_column_name) {
    out["column"] = comparison.column;
  }
  nlohmann::json levels = nlohmann::json::array();
  for (const LevelSpec& level : comparison.levels) {
    nlohmann::json l = nlohmann::json::object();
    if (level.is_null()) {
      l["null"] = true;
    } else if (level.is_else()) {
      l["else"] = true;
    } else {
      l["comparator"] = std::string(ComparatorName(level.comparator));
      switch (level.comparator) {
        case Comparator::kJaroWinkler:
        case Comparator::kJaro:
        case Comparator::kJaccard:
        case Comparator::kTokenJaccard:
          l["min"] = level.threshold;
          if (level.comparator == Comparator::kJaccard) l["q"] = level.q;
          break;
        case Comparator::kLevenshtein:
        case Comparator::kDamerauLevenshtein:
        case Comparator::kOsa:
        case Comparator::kNumericAbs:
        case Comparator::kNumericRel:
          l["max"] = level.threshold;
          break;
        case Comparator::kDateWithinDays: l["days"] = level.threshold; break;
        case Comparator::kDateWithinMonths: l["months"] = level.threshold; break;
        case Comparator::kDateWithinYears: l["years"] = level.threshold; break;
        case Comparator::kPartExact: l["part"] = level.part; break;
        case Comparator::kReversed: l["other"] = level.other; break;
        case Comparator::kPostcode: {
          const char* names[] = {"", "unit", "sector", "district", "area"};
          l["level"] = names[level.postcode_level];
          break;
        }
        default:
          break;
      }
    }
    l["label"] = level.label;
    if (!level.tf_adjustment_column.empty()) {
      l["tf_adjustment_column"] = level.tf_adjustment_column;
      l["tf_adjustment_weight"] = level.tf_adjustment_weight;
      if (level.tf_minimum_u_value > 0) {
        l["tf_minimum_u_value"] = level.tf_minimum_u_value;
      }
    }
    if (level.m_probability) l["m_probability"] = *level.m_probability;
    if (level.u_probability) l["u_probability"] = *level.u_probability;
    levels.push_back(std::move(l));
  }
  out["comparison_levels"] = std::move(levels);
  return out;
}

LevelCache::LevelCache(std::size_t num_comparisons, int bits)
    : bits_(bits), entries_(num_comparisons << bits, 0), stats_(num_comparisons) {}

absl::StatusOr<PreparedComparisons> PreparedComparisons::Create(
    std::span<const ComparisonSpec> comparisons, const RecordTable& table) {
  PreparedComparisons out;
  out.table_ = &table;
  for (const ComparisonSpec& spec : comparisons) {
    // ParseComparisons() checks this for configs; specs built in code are
    // checked here, as patterns and the packed levels (Prepared::ops) hold
    // kMaxLevels.
    if (spec.levels.size() > kMaxLevels) {
      return absl::InvalidArgumentError(absl::StrCat(
          "comparison \"", spec.output_column_name, "\" has ", spec.levels.size(),
          " levels; at most ", kMaxLevels, " are supported"));
    }
    Prepared p;
    p.spec = spec;
    const auto column = table.FindColumn(spec.column);
    if (!column) {
      return absl::InvalidArgumentError(absl::StrCat(
          "comparison \"", spec.output_column_name, "\" reads column \"",
          spec.column, "\", which the table lacks"));
    }
    p.column = *column;
    p.table_column = &table.column(*column);
    for (const LevelSpec& level : spec.levels) {
      std::size_t part = 0;
      const Column* other = nullptr;
      switch (level.comparator) {
        case Comparator::kPartExact: {
          const auto index = p.table_column->FindPart(level.part);
          if (!index) {
            return absl::InvalidArgumentError(absl::StrCat(
                "comparison \"", spec.output_column_name, "\": column \"",
                spec.column, "\" has no part \"", level.part, "\""));
          }
          part = *index;
          break;
        }
        case Comparator::kReversed: {
          const auto index = table.FindColumn(level.other);
          if (!index) {
            return absl::InvalidArgumentError(absl::StrCat(
                "comparison \"", spec.output_column_name, "\": no column \"",
                level.other, "\""));
          }
          other = &table.column(*index);
          p.has_record_levels = true;
          break;
        }
        case Comparator::kDateWithinDays:
        case Comparator::kDateWithinMonths:
        case Comparator::kDateWithinYears:
        case Comparator::kDayMonthSwap:
          p.needs_days = true;
          break;
        case Comparator::kNumericAbs:
        case Comparator::kNumericRel:
          p.needs_numbers = true;
          break;
        case Comparator::kSoundex:
          p.needs_soundex = true;
          break;
        case Comparator::kNysiis:
          p.needs_nysiis = true;
          break;
        case Comparator::kDoubleMetaphone:
          p.needs_metaphone = true;
          break;
        case Comparator::kPostcode:
          p.needs_postcode = true;
          break;
        case Comparator::kJaroWinkler:
        case Comparator::kJaro:
        case Comparator::kJaccard:
          p.cache_worthy_with_day_texts = true;
          [[fallthrough]];
        case Comparator::kLevenshtein:
        case Comparator::kDamerauLevenshtein:
        case Comparator::kOsa:
          p.cache_worthy = true;
          p.needs_texts = true;
          break;
        case Comparator::kTokenJaccard:
        case Comparator::kTokenOverlap:
          p.cache_worthy = true;
          p.cache_worthy_with_day_texts = true;
          p.needs_tokens = true;
          break;
        case Comparator::kIdentifierTypo:
          p.needs_texts = true;
          break;
        default:
          break;
      }
      p.part_index.push_back(part);
      p.other_column.push_back(other);
    }
    for (const LevelSpec& level : spec.levels) {
      const auto as_size = [](double x) { return static_cast<std::size_t>(x); };
      switch (level.comparator) {
        case Comparator::kJaroWinkler:
          p.needs_char_signatures = true;
          p.min_jaro_winkler = std::min(p.min_jaro_winkler, level.threshold);
          break;
        case Comparator::kJaro:
          p.min_jaro = std::min(p.min_jaro, level.threshold);
          break;
        case Comparator::kJaccard:
          p.min_jaccard = std::min(p.min_jaccard, level.threshold);
          break;
        case Comparator::kTokenJaccard:
          p.min_token_jaccard = std::min(p.min_token_jaccard, level.threshold);
          break;
        case Comparator::kLevenshtein:
          p.needs_char_signatures = true;
          p.max_levenshtein = std::max(p.max_levenshtein, as_size(level.threshold));
          break;
        case Comparator::kDamerauLevenshtein:
          p.needs_char_signatures = true;
          p.max_damerau = std::max(p.max_damerau, as_size(level.threshold));
          break;
        case Comparator::kOsa:
          p.needs_char_signatures = true;
          p.max_osa = std::max(p.max_osa, as_size(level.threshold));
          break;
        default:
          break;
      }
    }
    p.jaro_winkler_bound = JaroWinklerBoundTable(p.min_jaro_winkler);
    p.exact_first = spec.levels.size() > 1 &&
                    spec.levels[1].comparator == Comparator::kExact;
    p.num_levels = static_cast<std::uint8_t>(spec.levels.size());
    for (std::size_t l = 1; l < spec.levels.size(); ++l) {
      const LevelSpec& level = spec.levels[l];
      if (level.comparator == Comparator::kReversed) {
        p.reversed_levels = static_cast<std::uint8_t>(p.reversed_levels | (1u << l));
      }
      if (level.comparator == Comparator::kNull || level.comparator == Comparator::kReversed ||
          (l == 1 && p.exact_first)) {
        continue;
      }
      Prepared::LevelOp& op = p.ops[p.num_ops++];
      op.comparator = level.comparator;
      op.level = static_cast<std::uint8_t>(l);
      op.threshold = level.threshold;
      op.q = static_cast<std::uint8_t>(std::clamp(level.q, 0, 255));
      // level 1 unit .. 4 area; PostcodeAgreement 4 unit .. 1 area.
      op.postcode_agreement =
          static_cast<std::uint8_t>(std::clamp(5 - level.postcode_level, 0, 255));
    }
    p.exact_else = p.exact_first && spec.levels.size() == 3 && spec.levels[2].is_else();
    if (p.needs_days) p.day_part = p.table_column->FindPart("day_number");
    p.day_texts = p.needs_days && (p.max_levenshtein > 0 || p.max_damerau > 0 ||
                                   p.max_osa > 0);
    if (std::max({p.max_levenshtein, p.max_damerau, p.max_osa}) > 1) {
      p.cache_worthy_with_day_texts = true;
    }
    if (p.day_texts && !p.cache_worthy_with_day_texts) {
      // The day counts beyond which each date level fails (the quick
      // rejects of DayMonthSwapped, WithinMonths and WithinYears).
      double far = 0;
      int far_level = p.num_levels - 1;
      for (std::size_t k = 0; k < p.num_ops && far >= 0; ++k) {
        const Prepared::LevelOp& op = p.ops[k];
        if (op.comparator == Comparator::kElse) {
          far_level = op.level;
          break;
        }
        switch (op.comparator) {
          case Comparator::kDayMonthSwap: far = std::max(far, 365.0); break;
          case Comparator::kDateWithinDays: far = std::max(far, op.threshold); break;
          case Comparator::kDateWithinMonths:
            far = std::max(far, MonthsApartBeyondDays(op.threshold));
            break;
          case Comparator::kDateWithinYears:
            far = std::max(far, YearsApartBeyondDays(op.threshold));
            break;
          case Comparator::kLevenshtein:
          case Comparator::kDamerauLevenshtein:
          case Comparator::kOsa:
            break;  // within 1 (cache_worthy_with_day_texts is false)
          default:
            far = -1;
        }
      }
      p.date_far_days = far;
      p.date_far_level = static_cast<std::uint8_t>(far_level);
    }
    const std::uint32_t num_values = p.table_column->dictionary.size();
    if (p.needs_days) p.day_numbers.reserve(num_values);
    if (p.day_texts) p.day_digits.reserve(num_values);
    if (p.needs_numbers) p.numbers.reserve(num_values);
    if (p.needs_soundex) p.soundex.reserve(num_values);
    if (p.needs_nysiis) p.nysiis.reserve(num_values);
    if (p.needs_metaphone) {
      p.metaphone.reserve(num_values);
      p.metaphone_alt.reserve(num_values);
    }
    if (p.needs_postcode) p.postcode_keys.reserve(num_values);
    if (p.needs_texts) p.inline_texts.reserve(num_values);
    if (p.needs_char_signatures) p.char_signatures.reserve(num_values);
    if (p.needs_tokens) {
      p.token_offsets.reserve(num_values + 1);
      p.token_offsets.push_back(0);
      p.token_sketches.reserve(num_values);
    }
    p.row_part_hash.assign(spec.levels.size(), -1);
    p.part_hashes.resize(spec.levels.size());
    p.other_hashes.resize(spec.levels.size());
    out.id_shapes_.push_back(static_cast<std::uint8_t>((p.exact_first ? kExactFirst : 0) |
                                                       (p.exact_else ? kExactElse : 0)));
    out.comparisons_.push_back(std::move(p));
  }
  // Each comparison's features are its own: computed in parallel.
  tbb::parallel_for(std::size_t{0}, out.comparisons_.size(), [&](std::size_t c) {
    Prepared& p = out.comparisons_[c];
    const std::uint32_t num_values = p.table_column->dictionary.size();
    for (std::uint32_t v = 0; v < num_values; ++v) AppendFeatures(p, v);
    ExtendOtherHashes(p);
  });
  return out;
}

// A dictionary value of the comparison's column, read through the
// precomputed feature vectors, or through copies in the record's row (when
// `row` is set and BuildRecordRows put the feature there).
struct PreparedComparisons::DictSide {
  static constexpr bool kIsDictValue = true;
  const Prepared& p;
  std::uint32_t id;
  const unsigned char* row = nullptr;
  template <typename T>
  T FromRow(int offset) const noexcept {
    T out;
    std::memcpy(&out, row + offset, sizeof(T));
    return out;
  }
  std::uint32_t key() const noexcept { return id; }
  CharSignature char_signature() const noexcept {
    if (row != nullptr && p.row_signature >= 0) {
      return FromRow<CharSignature>(p.row_signature);
    }
    return p.char_signatures[id];
  }
  TokenSketch token_sketch() const noexcept {
    if (row != nullptr && p.row_tokens >= 0) return FromRow<TokenSketch>(p.row_tokens);
    return {p.token_sketches[id], p.token_offsets[id + 1] - p.token_offsets[id]};
  }
  std::span<const std::uint32_t> token_ids() const noexcept {
    const std::uint32_t begin = p.token_offsets[id];
    return {p.token_ids.data() + begin, p.token_offsets[id + 1] - begin};
  }
  std::string_view value() const noexcept {
    if (row != nullptr && p.row_text >= 0) {
      const auto* t = reinterpret_cast<const InlineText*>(row + p.row_text);
      if (t->size <= InlineText::kCapacity) return {t->bytes, t->size};
    } else if (!p.inline_texts.empty()) {
      const InlineText& t = p.inline_texts[id];
      if (t.size <= InlineText::kCapacity) return {t.bytes, t.size};
    }
    return p.table_column->dictionary.value(id);
  }
  std::string_view part(std::size_t index) const noexcept {
    return p.table_column->dictionary.part(id, index);
  }
  std::int32_t day_number() const noexcept {
    if (row != nullptr && p.row_days >= 0) return FromRow<std::int32_t>(p.row_days);
    return p.day_numbers[id];
  }
  std::uint32_t day_digits() const noexcept {
    if (row != nullptr && p.row_day_digits >= 0) return FromRow<std::uint32_t>(p.row_day_digits);
    return p.day_digits[id];
  }
  double number() const noexcept { return p.numbers[id]; }
  std::uint64_t soundex() const noexcept { return p.soundex[id]; }
  std::uint64_t nysiis() const noexcept { return p.nysiis[id]; }
  std::uint64_t metaphone() const noexcept {
    if (row != nullptr && p.row_metaphone >= 0) {
      return FromRow<std::uint32_t>(p.row_metaphone);
    }
    return p.metaphone[id];
  }
  std::uint64_t metaphone_alt() const noexcept {
    if (row != nullptr && p.row_metaphone >= 0) {
      return FromRow<std::uint32_t>(p.row_metaphone + 4);
    }
    return p.metaphone_alt[id];
  }
  PostcodeKey postcode_key() const noexcept {
    if (row != nullptr && p.row_postcode >= 0) {
      const PackedPostcode packed = FromRow<PackedPostcode>(p.row_postcode);
      if (packed.outward != PackedPostcode::kNotPacked) return Unpack(packed);
    }
    return p.postcode_keys[id];
  }
  std::uint64_t part_hash(std::size_t level) const noexcept {
    if (row != nullptr && p.row_part_hash[level] >= 0) {
      return FromRow<std::uint64_t>(p.row_part_hash[level]);
    }
    return p.part_hashes[level][id];
  }
};

// A query value with its own features.
struct PreparedComparisons::QuerySide {
  // A query value has no token ids or character signature (it may be
  // new): those levels read its text.
  static constexpr bool kIsDictValue = false;
  const QueryRecord::Value& v;
  const ValueFeatures& f;
  std::uint32_t key() const noexcept { return v.id; }
  std::string_view value() const noexcept { return v.value; }
  std::string_view part(std::size_t index) const noexcept {
    return index < v.parts.size() ? std::string_view(v.parts[index])
                                  : std::string_view();
  }
  std::int32_t day_number() const noexcept { return f.day_number; }
  double number() const noexcept { return f.number; }
  std::uint64_t soundex() const noexcept { return f.soundex; }
  std::uint64_t nysiis() const noexcept { return f.nysiis; }
  std::uint64_t metaphone() const noexcept { return f.metaphone; }
  std::uint64_t metaphone_alt() const noexcept { return f.metaphone_alt; }
  const PostcodeKey& postcode_key() const noexcept { return f.postcode; }
  std::uint64_t part_hash(std::size_t level) const noexcept;
  const Prepared* p = nullptr;
};

namespace {

// Ids in both sorted, duplicate-free lists.
std::size_t CommonIds(std::span<const std::uint32_t> a,
                      std::span<const std::uint32_t> b) noexcept {
  std::size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++common;
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return common;
}

std::uint64_t CodeHash(std::string_view code) {
  return code.empty() ? 0 : (HashBytes(code) | 1);
}

// A Double Metaphone code's bytes in one word (0: no code). Codes are at
// most kMetaphoneOptions.max_code_len = 4 letters, never NUL, so two codes
// are equal exactly when their words are: the rows hold both of a value's
// codes in 8 bytes.
constexpr DoubleMetaphoneOptions kMetaphoneOptions{.max_code_len = 4};
std::uint32_t MetaphoneWord(const PhoneticCode& code) {
  static_assert(kMetaphoneOptions.max_code_len <= sizeof(std::uint32_t));
  std::uint32_t word = 0;
  std::memcpy(&word, code.view().data(), std::min(code.view().size(), sizeof(word)));
  return word;
}

// Whether two values' Double Metaphone codes (primary p, alternate q;
// 0: none) share one: any of the four pairings (DoubleMetaphoneMatch).
inline bool MetaphoneCodesShared(std::uint64_t pa, std::uint64_t qa, std::uint64_t pb,
                                 std::uint64_t qb) noexcept {
  return (pa != 0 && (pa == pb || pa == qb)) || (qa != 0 && (qa == pb || qa == qb));
}

// A record row's 16-bit fingerprint of a text: the top bits of its
// CodeHash (equal texts, equal fingerprints).
std::uint16_t TextFingerprint(std::uint64_t code_hash) {
  return static_cast<std::uint16_t>(code_hash >> 48);
}

// The features of one value whose parts come from `part(index)`.
template <typename PartOf>
ValueFeatures FeaturesOf(bool needs_days, std::optional<std::size_t> day_part,
                         bool needs_numbers, bool needs_soundex, bool needs_nysiis,
                         bool needs_metaphone, bool needs_postcode,
                         std::string_view s,
                         const PartOf& part) {
  ValueFeatures f;
  if (needs_days) {
    if (day_part) {
      f.day_number = ParseDayNumber(part(*day_part));
    } else {
      // An ISO date value "YYYY-MM-DD" without a day_number part.
      int y = 0, m = 0, d = 0;
      if (s.size() == 10 && s[4] == '-' && s[7] == '-' &&
          std::from_chars(s.data(), s.data() + 4, y).ec == std::errc() &&
          std::from_chars(s.data() + 5, s.data() + 7, m).ec == std::errc() &&
          std::from_chars(s.data() + 8, s.data() + 10, d).ec == std::errc() &&
          IsValidCivil(y, m, d)) {
        f.day_number = DaysFromCivil(y, m, d);
      }
    }
  }
  if (needs_soundex) f.soundex = CodeHash(Soundex(s).view());
  if (needs_nysiis) f.nysiis = CodeHash(Nysiis(s).view());
  if (needs_postcode) f.postcode = MakePostcodeKey(s);
  if (needs_metaphone) {
    const DoubleMetaphoneCode code = DoubleMetaphone(s, kMetaphoneOptions);
    f.metaphone = MetaphoneWord(code.primary);
    f.metaphone_alt = MetaphoneWord(code.alternate);
  }
  if (needs_numbers) {
    double x = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    if (ec == std::errc() && ptr == s.data() + s.size()) f.number = x;
  }
  return f;
}

}  // namespace

void PreparedComparisons::AppendFeatures(Prepared& p, std::uint32_t v) {
  const Dictionary& dict = p.table_column->dictionary;
  const ValueFeatures f = FeaturesOf(
      p.needs_days, p.day_part, p.needs_numbers, p.needs_soundex, p.needs_nysiis,
      p.needs_metaphone, p.needs_postcode, dict.value(v),
      [&](std::size_t index) { return dict.part(v, index); });
  if (p.needs_days) p.day_numbers.push_back(f.day_number);
  if (p.day_texts) {
    std::uint32_t digits = 0;
    if (f.day_number != kNoDayNumber) {
      char text[10];
      p.day_texts = IsoDateText(f.day_number, text) &&
                    dict.value(v) == std::string_view(text, sizeof(text));
      if (p.day_texts) {
        for (char ch : text) {
          if (ch != '-') digits = (digits << 4) | static_cast<std::uint32_t>(ch - '0');
        }
      }
    }
    p.day_digits.push_back(digits);
  }
  if (p.needs_numbers) p.numbers.push_back(f.number);
  if (p.needs_soundex) p.soundex.push_back(f.soundex);
  if (p.needs_nysiis) p.nysiis.push_back(f.nysiis);
  if (p.needs_metaphone) {
    p.metaphone.push_back(static_cast<std::uint32_t>(f.metaphone));
    p.metaphone_alt.push_back(static_cast<std::uint32_t>(f.metaphone_alt));
  }
  if (p.needs_postcode) p.postcode_keys.push_back(f.postcode);
  if (p.needs_texts) {
    const std::string_view text = dict.value(v);
    InlineText t;
    if (text.size() <= InlineText::kCapacity) {
      std::memcpy(t.bytes, text.data(), text.size());
      t.size = static_cast<std::uint8_t>(text.size());
    }
    p.inline_texts.push_back(t);
  }
  if (p.needs_char_signatures) p.char_signatures.push_back(MakeCharSignature(dict.value(v)));
  if (p.needs_tokens) {
    std::string_view inline_tokens[32];
    std::vector<std::string_view> heap_tokens;
    const std::string_view text = dict.value(v);
    std::string_view* tokens = inline_tokens;
    std::size_t count = SplitTokens(text, inline_tokens, std::size(inline_tokens));
    if (count > std::size(inline_tokens)) {
      heap_tokens.resize(count);
      SplitTokens(text, heap_tokens.data(), count);
      tokens = heap_tokens.data();
    }
    const std::size_t begin = p.token_ids.size();
    for (std::size_t i = 0; i < count; ++i) {
      auto [it, added] = p.token_dictionary.try_emplace(
          ToAbsl(tokens[i]), static_cast<std::uint32_t>(p.token_dictionary.size()));
      p.token_ids.push_back(it->second);
    }
    std::sort(p.token_ids.begin() + begin, p.token_ids.end());
    p.token_ids.erase(std::unique(p.token_ids.begin() + begin, p.token_ids.end()),
                      p.token_ids.end());
    p.token_offsets.push_back(static_cast<std::uint32_t>(p.token_ids.size()));
    std::uint64_t sketch = 0;
    for (std::size_t i = begin; i < p.token_ids.size(); ++i) sketch |= TokenBit(p.token_ids[i]);
    p.token_sketches.push_back(sketch);
  }
  for (std::size_t l = 0; l < p.spec.levels.size(); ++l) {
    if (p.spec.levels[l].comparator == Comparator::kPartExact) {
      p.part_hashes[l].push_back(CodeHash(dict.part(v, p.part_index[l])));
    }
  }
  if (p.has_record_levels) p.value_hashes.push_back(CodeHash(dict.value(v)));
  p.features_size = v + 1;
}

void PreparedComparisons::ExtendOtherHashes(Prepared& p) {
  for (std::size_t l = 0; l < p.other_column.size(); ++l) {
    const Column* other = p.other_column[l];
    if (other == nullptr) continue;
    std::vector<std::uint64_t>& hashes = p.other_hashes[l];
    for (std::uint32_t v = static_cast<std::uint32_t>(hashes.size());
         v < other->dictionary.size(); ++v) {
      hashes.push_back(CodeHash(other->dictionary.value(v)));
    }
  }
}

void PreparedComparisons::ExtendFeatures() {
  for (Prepared& p : comparisons_) {
    const std::uint32_t size = p.table_column->dictionary.size();
    for (std::uint32_t v = p.features_size; v < size; ++v) AppendFeatures(p, v);
    ExtendOtherHashes(p);
  }
}

std::uint64_t PreparedComparisons::QuerySide::part_hash(
    std::size_t level) const noexcept {
  return CodeHash(part(p->part_index[level]));
}

void PreparedComparisons::PrepareQuery(QueryRecord* query) const {
  query->features.assign(comparisons_.size(), ValueFeatures());
  for (std::size_t c = 0; c < comparisons_.size(); ++c) {
    const Prepared& p = comparisons_[c];
    const QueryRecord::Value& v = query->columns[p.column];
    if (v.id == kNullValue) continue;
    query->features[c] = FeaturesOf(
        p.needs_days, p.day_part, p.needs_numbers, p.needs_soundex,
        p.needs_nysiis, p.needs_metaphone, p.needs_postcode, v.value,
        [&](std::size_t index) {
          return index < v.parts.size() ? std::string_view(v.parts[index])
                                        : std::string_view();
        });
  }
}

int PreparedComparisons::QueryLevel(std::size_t c, const QueryRecord& query,
                                    std::uint32_t record) const noexcept {
  const Prepared& p = comparisons_[c];
  const QueryRecord::Value& qv = query.columns[p.column];
  const std::uint32_t vb = p.table_column->values[record];
  if (qv.id == kNullValue || vb == kNullValue) return 0;
  int level;
  if (p.exact_first && qv.id == vb) {
    level = 1;
  } else {
    const QuerySide q{qv, query.features[c], &p};
    const DictSide r{p, vb};
    // Batch order: the smaller dictionary id first; a foreign value will get
    // an id above every current one.
    level = qv.id < vb ? EvaluateValueLevel(p, q, r) : EvaluateValueLevel(p, r, q);
  }
  if (p.has_record_levels) {
    for (unsigned before = p.reversed_levels & ((1u << level) - 1); before != 0;
         before &= before - 1) {
      const int l = std::countr_zero(before);
      const Column* other = p.other_column[l];
      const std::size_t other_index =
          static_cast<std::size_t>(other - &table_->column(0));
      const QueryRecord::Value& qo = query.columns[other_index];
      const std::uint32_t ob = other->values[record];
      if (qo.id == kNullValue || ob == kNullValue) continue;
      if (std::string_view(qv.value) == other->dictionary.value(ob) &&
          p.table_column->dictionary.value(vb) == std::string_view(qo.value)) {
        return l;
      }
    }
  }
  return level;
}

// EvaluateValueLevel()'s metric computations, kept out of line: most
// pairs are settled by ids, hashes and signatures, and the metrics' code
// and stack frame would otherwise be set up on every call.
namespace {

template <typename A, typename B>
[[gnu::noinline]] double JaroWinklerOf(const A& a, const B& b, double cutoff) noexcept {
  return JaroWinklerSimilarity(a.value(), b.value(), {}, cutoff);
}

template <typename A, typename B>
[[gnu::noinline]] double JaroOf(const A& a, const B& b, double cutoff) noexcept {
  return JaroSimilarity(a.value(), b.value(), {}, cutoff);
}

enum class EditMetric { kLevenshtein, kDamerau, kOsa };

inline std::size_t EditDistanceOfTexts(EditMetric metric, std::string_view sa,
                                       std::string_view sb, std::size_t cutoff) noexcept {
  switch (metric) {
    case EditMetric::kLevenshtein: return LevenshteinDistance(sa, sb, cutoff);
    case EditMetric::kDamerau: return DamerauLevenshteinDistance(sa, sb, cutoff);
    case EditMetric::kOsa: return OsaDistance(sa, sb, cutoff);
  }
  return cutoff + 1;
}

template <typename A, typename B>
[[gnu::noinline]] std::size_t EditDistanceOf(EditMetric metric, const A& a, const B& b,
                                             std::size_t cutoff) noexcept {
  return EditDistanceOfTexts(metric, a.value(), b.value(), cutoff);
}

// The edit distance of two dates' texts, rendered from their day numbers
// (Prepared::day_texts).
[[gnu::noinline]] std::size_t DayTextsEditDistance(EditMetric metric, std::int32_t da,
                                                   std::int32_t db,
                                                   std::size_t cutoff) noexcept {
  char ta[10], tb[10];
  IsoDateText(da, ta);
  IsoDateText(db, tb);
  return EditDistanceOfTexts(metric, std::string_view(ta, sizeof(ta)),
                             std::string_view(tb, sizeof(tb)), cutoff);
}

template <typename A, typename B>
[[gnu::noinline]] double QgramJaccardOf(const A& a, const B& b, int q, double threshold) noexcept {
  QgramOptions options;
  options.q = q;
  return QgramJaccardSimilarity(a.value(), b.value(), options, threshold);
}

template <typename A, typename B>
[[gnu::noinline]] double TokenJaccardOf(const A& a, const B& b, double cutoff) noexcept {
  if constexpr (A::kIsDictValue && B::kIsDictValue) {
    // Most pairs share too few tokens: the sketches bound the shared
    // tokens, and so the ratio, without reading the ids.
    const TokenSketch ka = a.token_sketch(), kb = b.token_sketch();
    if (ka.count > 0 && kb.count > 0 &&
        JaccardRatio(SharedTokensUpperBound(ka, kb), ka.count, kb.count,
                     EmptyStrings::kOne) < cutoff) {
      return 0.0;
    }
    const std::span<const std::uint32_t> ta = a.token_ids(), tb = b.token_ids();
    const double s = JaccardRatio(CommonIds(ta, tb), ta.size(), tb.size(), EmptyStrings::kOne);
    return s >= cutoff ? s : 0.0;
  } else {
    return TokenJaccardSimilarity(a.value(), b.value(), EmptyStrings::kOne, cutoff);
  }
}

template <typename A, typename B>
[[gnu::noinline]] bool TokensOverlap(const A& a, const B& b) noexcept {
  if constexpr (A::kIsDictValue && B::kIsDictValue) {
    // Disjoint sketches: no shared token.
    return (a.token_sketch().bits & b.token_sketch().bits) != 0 &&
           CommonIds(a.token_ids(), b.token_ids()) > 0;
  } else {
    return TokenJaccardSimilarity(a.value(), b.value(), EmptyStrings::kZero) > 0;
  }
}

template <typename A, typename B>
[[gnu::noinline]] int PostcodeAgreementOf(const A& a, const B& b) noexcept {
  const PostcodeKey ka = a.postcode_key(), kb = b.postcode_key();
  std::string_view sa, sb;
  if (!ka.fits || !kb.fits) {
    sa = a.value();
    sb = b.value();
  }
  return static_cast<int>(ComparePostcodeKeys(ka, kb, sa, sb));
}

template <typename A, typename B>
[[gnu::noinline]] bool IdentifiersAlike(const A& a, const B& b) noexcept {
  return CompareIdentifiers(a.value(), b.value()) != IdentifierAgreement::kDifferent;
}

}  // namespace

template <typename A, typename B>
int PreparedComparisons::EvaluateValueLevel(const Prepared& p, const A& a,
                                            const B& b) noexcept {
  // The texts are read only by the metrics that need them (out of line
  // above): most pairs are settled by ids and precomputed features, and
  // reading a text is a cache miss or two.
  const std::size_t num_levels = p.num_levels;
  // Each metric is computed at most once per pair, with the loosest cutoff
  // any level needs (negative / SIZE_MAX = not computed yet). q-gram Jaccard
  // is the exception: levels may use different q.
  double jaro_winkler = -1, jaro = -1, token_jaccard = -1;
  int postcode_agreement = -1;
  std::size_t levenshtein = SIZE_MAX, damerau = SIZE_MAX, osa = SIZE_MAX;
  // A lower bound on the edit distances from the values' signatures
  // (SIZE_MAX: not computed; 0 for a query value, which has none): a pair
  // whose bound exceeds a metric's cutoff is above it, as the metric would
  // report (cutoff + 1), without running it.
  std::size_t edit_floor = SIZE_MAX;
  const auto edit_lower_bound = [&]() noexcept {
    if (edit_floor == SIZE_MAX) {
      if constexpr (A::kIsDictValue && B::kIsDictValue) {
        edit_floor = EditDistanceLowerBound(a.char_signature(), b.char_signature());
      } else {
        edit_floor = 0;
      }
    }
    return edit_floor;
  };
  // An edit distance computed once per pair with the comparison's largest
  // cutoff, skipped when the signatures' bound already exceeds it.
  const auto edit_distance = [&](std::size_t& distance, std::size_t cutoff,
                                 EditMetric metric) noexcept {
    if (distance != SIZE_MAX) return distance;
    if constexpr (A::kIsDictValue && B::kIsDictValue) {
      if (p.day_texts) {
        if (cutoff <= 1) {
          const std::uint32_t da = a.day_digits(), db = b.day_digits();
          if (da != 0 && db != 0) {
            distance = std::min(DayDigitsDistance(da, db, metric != EditMetric::kLevenshtein),
                                cutoff + 1);
            return distance;
          }
        } else {
          const std::int32_t da = a.day_number(), db = b.day_number();
          if (da != kNoDayNumber && db != kNoDayNumber) {
            distance = DayTextsEditDistance(metric, da, db, cutoff);
            return distance;
          }
        }
      }
    }
    distance = edit_lower_bound() > cutoff ? cutoff + 1
                                           : EditDistanceOf(metric, a, b, cutoff);
    return distance;
  };
  if constexpr (A::kIsDictValue && B::kIsDictValue) {
    // Two dates far apart with texts over one edit apart: "else", as the
    // levels below would find one by one (Prepared::date_far_days).
    if (p.day_texts && p.date_far_days >= 0 &&
        DatesFarApart(a.day_number(), b.day_number(), a.day_digits(), b.day_digits(),
                      p.date_far_days)) {
      return p.date_far_level;
    }
  }
  // Two values with one id were settled before (an "exact" first level),
  // and record-level predicates are UnsettledLevel()'s: p.ops holds the
  // others.
  for (std::size_t k = 0; k < p.num_ops; ++k) {
    const Prepared::LevelOp& level = p.ops[k];
    const std::size_t l = level.level;
    bool holds = false;
    switch (level.comparator) {
      case Comparator::kNull:
      case Comparator::kReversed:
        break;
      case Comparator::kElse:
        return static_cast<int>(l);
      case Comparator::kExact:
        holds = a.key() == b.key();
        break;
      case Comparator::kPartExact: {
        // Unequal hashes: unequal parts, without reading either.
        const std::uint64_t ha = a.part_hash(l);
        holds = ha != 0 && ha == b.part_hash(l) &&
                a.part(p.part_index[l]) == b.part(p.part_index[l]);
        break;
      }
      case Comparator::kJaroWinkler:
        if (jaro_winkler < 0) {
          // Most pairs are far apart: a bound from precomputed signatures
          // settles them without Jaro (the score is then 0.0, as
          // JaroWinklerSimilarity gives below its cutoff).
          bool below = false;
          if constexpr (A::kIsDictValue && B::kIsDictValue) {
            below = p.jaro_winkler_bound.Below(a.char_signature(), b.char_signature());
          }
          jaro_winkler = below ? 0.0 : JaroWinklerOf(a, b, p.min_jaro_winkler);
        }
        holds = jaro_winkler >= level.threshold;
        break;
      case Comparator::kJaro:
        if (jaro < 0) jaro = JaroOf(a, b, p.min_jaro);
        holds = jaro >= level.threshold;
        break;
      case Comparator::kLevenshtein:
        holds = edit_distance(levenshtein, p.max_levenshtein, EditMetric::kLevenshtein) <=
                static_cast<std::size_t>(level.threshold);
        break;
      case Comparator::kDamerauLevenshtein:
        holds = edit_distance(damerau, p.max_damerau, EditMetric::kDamerau) <=
                static_cast<std::size_t>(level.threshold);
        break;
      case Comparator::kOsa:
        holds = edit_distance(osa, p.max_osa, EditMetric::kOsa) <=
                static_cast<std::size_t>(level.threshold);
        break;
      case Comparator::kJaccard:
        holds = QgramJaccardOf(a, b, level.q, level.threshold) >= level.threshold;
        break;
      case Comparator::kTokenJaccard:
        if (token_jaccard < 0) token_jaccard = TokenJaccardOf(a, b, p.min_token_jaccard);
        holds = token_jaccard >= level.threshold;
        break;
      case Comparator::kTokenOverlap:
        holds = TokensOverlap(a, b);
        break;
      case Comparator::kSoundex:
        holds = a.soundex() != 0 && a.soundex() == b.soundex();
        break;
      case Comparator::kDoubleMetaphone:
        holds = MetaphoneCodesShared(a.metaphone(), a.metaphone_alt(), b.metaphone(),
                                     b.metaphone_alt());
        break;
      case Comparator::kNysiis:
        holds = a.nysiis() != 0 && a.nysiis() == b.nysiis();
        break;
      case Comparator::kDateWithinDays:
      case Comparator::kDateWithinMonths:
      case Comparator::kDateWithinYears:
      case Comparator::kDayMonthSwap: {
        const std::int32_t da = a.day_number();
        const std::int32_t db = b.day_number();
        if (da == kNoDayNumber || db == kNoDayNumber) {
          break;
        }
        switch (level.comparator) {
          case Comparator::kDateWithinDays:
            holds = std::abs(static_cast<std::int64_t>(da) - db) <= level.threshold;
            break;
          case Comparator::kDateWithinMonths:
            holds = WithinMonths(da, db, level.threshold);
            break;
          case Comparator::kDateWithinYears:
            holds = WithinYears(da, db, level.threshold);
            break;
          default:
            holds = DayMonthSwapped(da, db);
        }
        break;
      }
      case Comparator::kPostcode: {
        // The agreement is found once per pair, whatever the levels ask of it.
        if (postcode_agreement < 0) postcode_agreement = PostcodeAgreementOf(a, b);
        holds = postcode_agreement >= level.postcode_agreement;
        break;
      }
      case Comparator::kIdentifierTypo:
        holds = IdentifiersAlike(a, b);
        break;
      case Comparator::kNumericAbs:
      case Comparator::kNumericRel: {
        const double xa = a.number(), xb = b.number();
        if (std::isnan(xa) || std::isnan(xb)) break;
        const double diff = std::fabs(xa - xb);
        if (level.comparator == Comparator::kNumericAbs) {
          holds = diff <= level.threshold;
        } else {
          const double scale = std::max(std::fabs(xa), std::fabs(xb));
          holds = scale == 0 || diff / scale <= level.threshold;
        }
        break;
      }
    }
    if (holds) return static_cast<int>(l);
  }
  return static_cast<int>(num_levels - 1);
}

int PreparedComparisons::ValueLevel(std::size_t c, std::uint32_t value_a,
                                    std::uint32_t value_b) const noexcept {
  if (value_a == kNullValue || value_b == kNullValue) return 0;
  const Prepared& p = comparisons_[c];
  if (p.exact_first && value_a == value_b) return 1;
  return EvaluateValueLevel(p, DictSide{p, value_a}, DictSide{p, value_b});
}

int PreparedComparisons::Level(std::size_t c, std::uint32_t a, std::uint32_t b,
                               LevelCache& cache) const noexcept {
  return LevelWith(c, a, b, &cache);
}

Pattern PreparedComparisons::CompareUncached(std::uint32_t a,
                                             std::uint32_t b) const noexcept {
  Pattern pattern = 0;
  for (std::size_t c = 0; c < comparisons_.size(); ++c) {
    pattern |= static_cast<Pattern>(LevelWith(c, a, b, nullptr)) << (3 * c);
  }
  return pattern;
}

void PreparedComparisons::BuildRecordRows(std::span<const std::size_t> extra_columns,
                                          std::size_t row_feature_min_values) {
  std::vector<std::size_t> columns;
  auto add = [&](std::size_t column) {
    if (std::find(columns.begin(), columns.end(), column) == columns.end()) {
      columns.push_back(column);
    }
  };
  for (const Prepared& p : comparisons_) {
    add(p.column);
    for (const Column* other : p.other_column) {
      if (other != nullptr) add(static_cast<std::size_t>(other - &table_->column(0)));
    }
  }
  for (std::size_t column : extra_columns) add(column);
  const std::size_t n = table_->num_records();
  // Built already with these columns (training's rows, handed on to a
  // Scorer whose term-frequency columns are comparison columns): keep them.
  if (columns != row_columns_ || rows_.size() != n * stride_ ||
      row_feature_min_values != row_feature_min_values_) {
    // Row features: which comparisons' features go into the rows, at which
    // byte offsets. Comparisons over the most distinct values first (their
    // arrays miss the caches the most); within one, in the order the levels
    // read them. A feature is not split across two cache lines.
    enum class Kind {
      kText, kSignature, kPostcode, kTokens, kPartHash, kDays, kMetaphone, kFingerprint,
      kDateScreen
    };
    struct RowFeature {
      Kind kind;
      std::size_t comparison, level, offset, size;
    };
    std::vector<RowFeature> features;
    for (Prepared& p : comparisons_) {
      p.row_text = p.row_signature = p.row_postcode = p.row_tokens = p.row_days =
          p.row_day_digits = p.row_metaphone = -1;
      std::fill(p.row_part_hash.begin(), p.row_part_hash.end(), -1);
    }
    std::vector<std::size_t> order(comparisons_.size());
    for (std::size_t c = 0; c < order.size(); ++c) order[c] = c;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      return comparisons_[x].features_size > comparisons_[y].features_size;
    });
    const std::size_t id_bytes = columns.size() * sizeof(std::uint32_t);
    std::size_t used = id_bytes;
    const auto place = [&](Kind kind, std::size_t c, std::size_t level,
                           std::size_t size) -> int {
      std::size_t offset = used;
      if (offset / kCacheLineBytes != (offset + size - 1) / kCacheLineBytes) {
        offset = (offset / kCacheLineBytes + 1) * kCacheLineBytes;
      }
      if (offset + size > kMaxRowBytes) return -1;
      features.push_back({kind, c, level, offset, size});
      used = offset + size;
      return static_cast<int>(offset);
    };
    // Text fingerprints for kReversed levels first (two bytes per column,
    // beside the ids): every pair with different names tests a swap. As the
    // other features, only when either column has row_feature_min_values
    // distinct values (small arrays stay cached). Level 0 stands for the
    // comparison's own column (its value_hashes), level l for level l's
    // other column (other_hashes[l]).
    row_text_fingerprint_.assign(table_->num_columns(), -1);
    for (std::size_t c = 0; c < comparisons_.size(); ++c) {
      const Prepared& p = comparisons_[c];
      if (!p.has_record_levels) continue;
      const auto add_fingerprint = [&](std::size_t column, std::size_t level) {
        if (row_text_fingerprint_[column] >= 0) return;
        row_text_fingerprint_[column] =
            place(Kind::kFingerprint, c, level, sizeof(std::uint16_t));
      };
      for (std::size_t l = 1; l < p.spec.levels.size(); ++l) {
        if (p.spec.levels[l].comparator != Comparator::kReversed ||
            p.other_column[l] == nullptr ||
            std::max<std::size_t>(p.features_size, p.other_column[l]->dictionary.size()) <
                row_feature_min_values) {
          continue;
        }
        add_fingerprint(p.column, 0);
        add_fingerprint(static_cast<std::size_t>(p.other_column[l] - &table_->column(0)), l);
      }
    }
    // The far-dates screens' day numbers and digits (RowDateScreen()), 8
    // bytes whatever the column's size: the bound of every pair with two
    // different dates reads them.
    for (std::size_t c = 0; c < comparisons_.size(); ++c) {
      Prepared& p = comparisons_[c];
      if (!p.day_texts || p.date_far_days < 0) continue;
      p.row_days = place(Kind::kDateScreen, c, 0, sizeof(std::int32_t) + sizeof(std::uint32_t));
      if (p.row_days >= 0) p.row_day_digits = p.row_days + static_cast<int>(sizeof(std::int32_t));
    }
    for (std::size_t c : order) {
      Prepared& p = comparisons_[c];
      if (p.features_size < row_feature_min_values) continue;
      if (p.needs_texts && !p.needs_char_signatures) {
        p.row_text = place(Kind::kText, c, 0, sizeof(InlineText));
      }
      if (p.needs_char_signatures) {
        p.row_signature = place(Kind::kSignature, c, 0, sizeof(CharSignature));
      }
      if (p.needs_postcode) {
        p.row_postcode = place(Kind::kPostcode, c, 0, sizeof(PackedPostcode));
      }
      if (p.needs_tokens) p.row_tokens = place(Kind::kTokens, c, 0, sizeof(TokenSketch));
      for (std::size_t l = 0; l < p.spec.levels.size(); ++l) {
        if (p.spec.levels[l].comparator == Comparator::kPartExact) {
          p.row_part_hash[l] = place(Kind::kPartHash, c, l, sizeof(std::uint64_t));
        }
      }
      if (p.needs_days && p.row_days < 0) {
        p.row_days = place(Kind::kDays, c, 0, sizeof(std::int32_t));
      }
      if (p.needs_metaphone) {
        p.row_metaphone = place(Kind::kMetaphone, c, 0, 2 * sizeof(std::uint32_t));
      }
    }
    std::size_t row_bytes;
    if (features.empty()) {
      // A power of two up to 16 slots (rows aligned to cache lines); beyond,
      // as many as needed.
      stride_ = 1;
      while (stride_ < columns.size() && stride_ < 16) stride_ *= 2;
      if (columns.size() > stride_) stride_ = columns.size();
      row_bytes = stride_ * sizeof(std::uint32_t);
    } else {
      row_bytes = (used + kCacheLineBytes - 1) / kCacheLineBytes * kCacheLineBytes;
      stride_ = row_bytes / sizeof(std::uint32_t);
    }
    row_lines_ = (row_bytes + kCacheLineBytes - 1) / kCacheLineBytes;
    row_features_ = features.size();
    row_feature_min_values_ = row_feature_min_values;
    slot_of_column_.assign(table_->num_columns(), -1);
    std::vector<const std::uint32_t*> sources(columns.size());
    for (std::size_t slot = 0; slot < columns.size(); ++slot) {
      slot_of_column_[columns[slot]] = static_cast<std::int32_t>(slot);
      sources[slot] = table_->column(columns[slot]).values.data();
    }
    // Rows are written whole in the parallel loop (the allocator leaves
    // resize()'s elements unwritten): no serial pass over n * stride_ words
    // first. A row's feature copies are random reads of the per-value
    // arrays: prefetched kAhead records ahead.
    rows_.clear();
    rows_.resize(n * stride_);
    // Read at random for as long as scoring runs: on huge pages by default.
    AdviseHugePages(rows_.data(), rows_.size() * sizeof(std::uint32_t));
    constexpr std::size_t kAhead = 8;
    const auto feature_address = [](const Prepared& p, const RowFeature& f,
                                    std::uint32_t v) -> const void* {
      switch (f.kind) {
        case Kind::kText: return &p.inline_texts[v];
        case Kind::kSignature: return &p.char_signatures[v];
        case Kind::kPostcode: return &p.postcode_keys[v];
        case Kind::kTokens: return &p.token_sketches[v];
        case Kind::kPartHash: return &p.part_hashes[f.level][v];
        case Kind::kDays:
        case Kind::kDateScreen: return &p.day_numbers[v];
        case Kind::kMetaphone: return &p.metaphone[v];
        case Kind::kFingerprint:
          return f.level == 0 ? &p.value_hashes[v] : &p.other_hashes[f.level][v];
      }
      return nullptr;
    };
    // The column whose value id a feature is of: a fingerprint of level l > 0
    // is of that level's other column.
    const auto feature_column = [](const Prepared& p, const RowFeature& f) -> const Column* {
      return f.kind == Kind::kFingerprint && f.level > 0 ? p.other_column[f.level]
                                                         : p.table_column;
    };
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, n, 1 << 14),
        [&](const tbb::blocked_range<std::size_t>& range) {
          for (std::size_t r = range.begin(); r != range.end(); ++r) {
            if (r + kAhead < range.end()) {
              for (const RowFeature& f : features) {
                const Prepared& p = comparisons_[f.comparison];
                const std::uint32_t v = feature_column(p, f)->values[r + kAhead];
                if (v != kNullValue) PrefetchForRead(feature_address(p, f, v));
              }
            }
            std::uint32_t* row = &rows_[r * stride_];
            std::fill_n(row, stride_, kNullValue);
            for (std::size_t slot = 0; slot < sources.size(); ++slot) {
              row[slot] = sources[slot][r];
            }
            unsigned char* bytes = reinterpret_cast<unsigned char*>(row);
            for (const RowFeature& f : features) {
              const Prepared& p = comparisons_[f.comparison];
              const std::uint32_t v = feature_column(p, f)->values[r];
              if (v == kNullValue) continue;  // never read: level 0
              unsigned char* out = bytes + f.offset;
              switch (f.kind) {
                case Kind::kText:
                  std::memcpy(out, &p.inline_texts[v], sizeof(InlineText));
                  break;
                case Kind::kSignature:
                  std::memcpy(out, &p.char_signatures[v], sizeof(CharSignature));
                  break;
                case Kind::kPostcode: {
                  const PackedPostcode packed = Pack(p.postcode_keys[v]);
                  std::memcpy(out, &packed, sizeof(packed));
                  break;
                }
                case Kind::kTokens: {
                  const TokenSketch sketch{p.token_sketches[v],
                                           p.token_offsets[v + 1] - p.token_offsets[v]};
                  std::memcpy(out, &sketch, sizeof(sketch));
                  break;
                }
                case Kind::kPartHash:
                  std::memcpy(out, &p.part_hashes[f.level][v], sizeof(std::uint64_t));
                  break;
                case Kind::kDays:
                  std::memcpy(out, &p.day_numbers[v], sizeof(std::int32_t));
                  break;
                case Kind::kDateScreen:
                  std::memcpy(out, &p.day_numbers[v], sizeof(std::int32_t));
                  std::memcpy(out + sizeof(std::int32_t), &p.day_digits[v],
                              sizeof(std::uint32_t));
                  break;
                case Kind::kMetaphone:
                  std::memcpy(out, &p.metaphone[v], sizeof(std::uint32_t));
                  std::memcpy(out + 4, &p.metaphone_alt[v], sizeof(std::uint32_t));
                  break;
                case Kind::kFingerprint: {
                  const std::uint16_t fingerprint = TextFingerprint(
                      *static_cast<const std::uint64_t*>(feature_address(p, f, v)));
                  std::memcpy(out, &fingerprint, sizeof(fingerprint));
                  break;
                }
              }
            }
          }
        });
    row_columns_ = std::move(columns);
    for (std::size_t c = 0; c < comparisons_.size(); ++c) {
      comparisons_[c].row_reversal = RowReversalScreen(c);
    }
  }
}

int PreparedComparisons::LevelWith(std::size_t c, std::uint32_t a, std::uint32_t b,
                                   LevelCache* cache) const noexcept {
  const Prepared& p = comparisons_[c];
  const std::uint32_t va = RecordValue(p.column, a);
  const std::uint32_t vb = RecordValue(p.column, b);
  // Settled by the ids: a record-level kReversed comes after level 1.
  if (const int level = SettledLevelOf(p.exact_first, p.exact_else, va, vb); level >= 0) {
    return level;
  }
  return UnsettledLevel(c, a, b, va, vb, cache);
}

std::optional<int> PreparedComparisons::RowElseLevel(std::size_t c) const noexcept {
  const Prepared& p = comparisons_[c];
  // (With no level between "exact" and "else", the value ids settle it.)
  if (!p.exact_first || rows_.empty() || p.num_ops < 2) return std::nullopt;
  if (p.reversed_levels != 0 && !p.row_reversal) return std::nullopt;
  for (std::size_t k = 0; k + 1 < p.num_ops; ++k) {
    switch (p.ops[k].comparator) {
      case Comparator::kJaroWinkler:
        if (p.row_signature < 0) return std::nullopt;
        break;
      case Comparator::kDoubleMetaphone:
        if (p.row_metaphone < 0) return std::nullopt;
        break;
      default:
        return std::nullopt;
    }
  }
  const Prepared::LevelOp& last = p.ops[p.num_ops - 1];
  if (last.comparator != Comparator::kElse) return std::nullopt;
  return static_cast<int>(last.level);
}

bool PreparedComparisons::RowsTakeElse(std::size_t c, const std::uint32_t* row_a,
                                       const std::uint32_t* row_b) const noexcept {
  const Prepared& p = comparisons_[c];
  const auto* bytes_a = reinterpret_cast<const unsigned char*>(row_a);
  const auto* bytes_b = reinterpret_cast<const unsigned char*>(row_b);
  const auto read = [](const unsigned char* bytes, int offset, auto* out) {
    std::memcpy(out, bytes + offset, sizeof(*out));
  };
  if (p.row_signature >= 0 && p.min_jaro_winkler <= 1) {
    CharSignature sa, sb;
    read(bytes_a, p.row_signature, &sa);
    read(bytes_b, p.row_signature, &sb);
    if (!p.jaro_winkler_bound.Below(sa, sb)) return false;
  }
  if (p.needs_metaphone) {
    std::uint32_t pa, qa, pb, qb;
    read(bytes_a, p.row_metaphone, &pa);
    read(bytes_a, p.row_metaphone + 4, &qa);
    read(bytes_b, p.row_metaphone, &pb);
    read(bytes_b, p.row_metaphone + 4, &qb);
    if (MetaphoneCodesShared(pa, qa, pb, qb)) return false;
  }
  // RowElseLevel() checked that a "reversed" level has its screen.
  return p.reversed_levels == 0 || !MayBeReversed(*p.row_reversal, row_a, row_b);
}

std::optional<PreparedComparisons::DateScreen> PreparedComparisons::RowDateScreen(
    std::size_t c) const noexcept {
  const Prepared& p = comparisons_[c];
  if (!p.day_texts || p.date_far_days < 0 || p.row_days < 0 ||
      p.row_day_digits != p.row_days + static_cast<int>(sizeof(std::int32_t))) {
    return std::nullopt;
  }
  return DateScreen{p.row_days, p.date_far_days, p.date_far_level};
}

std::optional<PreparedComparisons::ReversalScreen> PreparedComparisons::RowReversalScreen(
    std::size_t c) const noexcept {
  const Prepared& p = comparisons_[c];
  if (std::popcount(p.reversed_levels) != 1 || row_text_fingerprint_.empty()) {
    return std::nullopt;
  }
  ReversalScreen screen;
  screen.level = std::countr_zero(p.reversed_levels);
  const Column* other = p.other_column[static_cast<std::size_t>(screen.level)];
  if (other == nullptr) return std::nullopt;
  screen.self_offset = row_text_fingerprint_[p.column];
  screen.other_offset =
      row_text_fingerprint_[static_cast<std::size_t>(other - &table_->column(0))];
  if (screen.self_offset < 0 || screen.other_offset < 0) return std::nullopt;
  return screen;
}

int PreparedComparisons::UnsettledLevel(std::size_t c, std::uint32_t a, std::uint32_t b,
                                        std::uint32_t va, std::uint32_t vb,
                                        LevelCache* cache) const noexcept {
  const Prepared& p = comparisons_[c];
  // Value-only levels are symmetric: cache on the ordered value pair.
  const std::uint32_t lo = std::min(va, vb), hi = std::max(va, vb);
  const unsigned char* row_a = nullptr;
  const unsigned char* row_b = nullptr;
  if (!rows_.empty()) {
    row_a = reinterpret_cast<const unsigned char*>(&rows_[a * stride_]);
    row_b = reinterpret_cast<const unsigned char*>(&rows_[b * stride_]);
    if (va > vb) std::swap(row_a, row_b);
  }
  int level;
  if (cache == nullptr || !p.cache_worthy || !cache->enabled(c) ||
      (p.day_texts && !p.cache_worthy_with_day_texts)) {
    level = EvaluateValueLevel(p, DictSide{p, lo, row_a}, DictSide{p, hi, row_b});
  } else if (!cache->Find(c, lo, hi, &level)) {
    level = EvaluateValueLevel(p, DictSide{p, lo, row_a}, DictSide{p, hi, row_b});
    cache->Insert(c, lo, hi, level);
  }
  if (p.has_record_levels) {
    // Record-level predicates (names swapped across columns) that come
    // before the value level found take precedence.
    for (unsigned before = p.reversed_levels & ((1u << level) - 1); before != 0;
         before &= before - 1) {
      const int l = std::countr_zero(before);
      const Column* other = p.other_column[l];
      const std::size_t other_index = static_cast<std::size_t>(other - &table_->column(0));
      const std::uint32_t oa = RecordValue(other_index, a);
      const std::uint32_t ob = RecordValue(other_index, b);
      if (oa == kNullValue || ob == kNullValue) continue;
      const int self_print = row_text_fingerprint_.empty() ? -1 : row_text_fingerprint_[p.column];
      const int other_print =
          row_text_fingerprint_.empty() ? -1 : row_text_fingerprint_[other_index];
      if (self_print >= 0 && other_print >= 0 &&
          !MayBeReversed({l, self_print, other_print}, Row(a), Row(b))) {
        continue;
      }
      // Same dictionary only when the columns are one column; compare text,
      // after the hashes of the texts (unequal hashes: unequal texts).
      const std::vector<std::uint64_t>& other_hash = p.other_hashes[l];
      if (p.value_hashes[va] != other_hash[ob] ||
          p.value_hashes[vb] != other_hash[oa]) {
        continue;
      }
      if (p.table_column->dictionary.value(va) == other->dictionary.value(ob) &&
          p.table_column->dictionary.value(vb) == other->dictionary.value(oa)) {
        return l;
      }
    }
  }
  return level;
}

}  // namespace linkage
