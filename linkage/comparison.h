// Copyright 2026 The Linkage Authors.
//
// Comparisons: how two records are compared, field by field, into an
// agreement pattern (DESIGN.md sections 1 and 4).
//
// A config's "comparisons" lists comparisons; each has ordered
// "comparison_levels": the null level first (taken when either value is
// null), then levels from most to least similar, each a predicate on the two
// values, and "else" last. A pair's level is the first level whose predicate
// holds. Splink users will recognise the shape:
//
//   {"output_column_name": "family_name",
//    "comparison_levels": [
//      {"null": true},
//      {"comparator": "exact", "tf_adjustment_column": "family_name"},
//      {"comparator": "jaro_winkler", "min": 0.92},
//      {"comparator": "jaro_winkler", "min": 0.80},
//      {"else": true}]}
//
// The column compared is "column" if given, else "output_column_name".
// Comparators (parameters in brackets):
//   exact                         canonical values equal
//   part_exact [part]             a derived part equal (e.g. "first" name)
//   jaro_winkler, jaro [min]      similarity >= min
//   levenshtein, damerau_levenshtein, osa [max]   edit distance <= max
//   jaccard [min, q=2]            q-gram Jaccard similarity >= min
//   token_jaccard [min]           word-set Jaccard >= min
//   token_overlap                 the values share a word (multiple names)
//   soundex, double_metaphone, nysiis   phonetic codes equal (either of the
//                                 two Double Metaphone codes may match)
//   date_within [days | months | years]  |a - b| within the limit (dates)
//   day_month_swap                day and month transposed (dates)
//   postcode [level: unit, sector, district, area]  agree at least that fine
//   identifier_typo               one substituted digit or one adjacent
//                                 transposition (NHS numbers)
//   numeric_abs [max], numeric_rel [max]   numeric difference within max
//   reversed [other]              this column's value equals the other
//                                 record's value of column `other` and vice
//                                 versa (given and family names swapped)
// Every level may carry "label" (for explanations); exact levels may carry
// "tf_adjustment_column", "tf_adjustment_weight" (default 1) and
// "tf_minimum_u_value"; every level may carry "m_probability" and
// "u_probability" (read by the model, not here).
//
// At most kMaxLevels levels per comparison and kMaxComparisons comparisons,
// so that a pair's pattern packs into 64 bits (3 bits a comparison).
//
// Streaming: a Matcher compares a query (a record outside the table, see
// QueryRecord) with table records through the same level code, and grows the
// per-value features with ExtendFeatures() as its table's dictionaries grow.
//
// Thread-safety: specs are values. A PreparedComparisons is immutable and may
// be shared; each thread needs its own LevelCache. ExtendFeatures() mutates:
// the caller (the Matcher, under its exclusive lock) keeps readers out.
#ifndef LINKAGE_LINKAGE_COMPARISON_H_
#define LINKAGE_LINKAGE_COMPARISON_H_

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "base/aligned_allocator.h"
#include "base/prefetch.h"
#include "comparators/char_signature.h"
#include "comparators/date_compare.h"
#include "comparators/postcode_compare.h"
#include "linkage/blocking_rules.h"
#include "linkage/record_table.h"
#include "normalise/date.h"
#include "nlohmann/json.hpp"

namespace linkage {

inline constexpr std::size_t kMaxLevels = 8;
inline constexpr std::size_t kMaxComparisons = 21;

enum class Comparator : std::uint8_t {
  kNull,
  kElse,
  kExact,
  kPartExact,
  kJaroWinkler,
  kJaro,
  kLevenshtein,
  kDamerauLevenshtein,
  kOsa,
  kJaccard,
  kTokenJaccard,
  kTokenOverlap,
  kSoundex,
  kDoubleMetaphone,
  kNysiis,
  kDateWithinDays,
  kDateWithinMonths,
  kDateWithinYears,
  kDayMonthSwap,
  kPostcode,
  kIdentifierTypo,
  kNumericAbs,
  kNumericRel,
  kReversed,
};

// The config name of `comparator`, e.g. "jaro_winkler".
std::string_view ComparatorName(Comparator comparator) noexcept;

struct LevelSpec {
  Comparator comparator = Comparator::kElse;
  double threshold = 0;   // min similarity, max distance, days/months/years
  int q = 2;              // jaccard
  int postcode_level = 0; // kPostcode: 1 unit, 2 sector, 3 district, 4 area
  std::string part;       // kPartExact
  std::string other;      // kReversed: the other column
  std::string label;      // for explanations; defaults to a description
  std::string tf_adjustment_column;  // empty: none
  double tf_adjustment_weight = 1.0;
  double tf_minimum_u_value = 0.0;
  std::optional<double> m_probability;
  std::optional<double> u_probability;

  bool is_null() const noexcept { return comparator == Comparator::kNull; }
  bool is_else() const noexcept { return comparator == Comparator::kElse; }
};

struct ComparisonSpec {
  std::string output_column_name;
  std::string column;
  std::vector<LevelSpec> levels;  // levels[0] is the null level
  // Columns whose values the comparison reads (for "not estimating
  // comparisons used in a training blocking rule").
  std::vector<std::string> columns_used() const;
};

// Parses the "comparisons" array. `schema` lists configured columns and their
// parts. A missing null level is added first; a missing else level last.
// Errors name the JSON path, e.g. "$.comparisons[2].comparison_levels[3].min:
// jaro_winkler needs a number from 0 to 1".
absl::StatusOr<std::vector<ComparisonSpec>> ParseComparisons(
    const nlohmann::json& comparisons, std::span<const ColumnSchema> schema,
    std::string_view json_path);

// Writes a comparison back as config JSON (with m/u when set).
nlohmann::json ComparisonToJson(const ComparisonSpec& comparison);

// A packed agreement pattern: comparison c's level in bits [3c, 3c + 3).
using Pattern = std::uint64_t;
inline int LevelOf(Pattern pattern, std::size_t comparison) noexcept {
  return static_cast<int>((pattern >> (3 * comparison)) & 7u);
}

// The value id of a query value absent from the table's dictionary: equal to
// no dictionary id (so "exact" never holds against it) and not null.
inline constexpr std::uint32_t kForeignValue = 0xFFFFFFFEu;

// A value's text of at most kCapacity bytes, stored inline (size 255: too
// long, read it from the dictionary).
struct InlineText {
  static constexpr std::size_t kCapacity = 15;
  char bytes[kCapacity] = {};
  std::uint8_t size = 255;
};

// What PreparedComparisons precomputes per dictionary value, for one value.
struct ValueFeatures {
  std::int32_t day_number = std::numeric_limits<std::int32_t>::min();  // none
  double number = std::numeric_limits<double>::quiet_NaN();           // none
  std::uint64_t soundex = 0, nysiis = 0, metaphone = 0, metaphone_alt = 0;
  PostcodeKey postcode;
};

// A normalised record outside the table (a streaming query). The caller
// fills `columns` (one per table column, in table order) and resolves each
// value's id against the table's dictionary; PrepareQuery() fills
// `features`. A query never changes the table.
struct QueryRecord {
  struct Value {
    // kNullValue: null; kForeignValue: not in the dictionary; else the
    // dictionary id of `value`.
    std::uint32_t id = kNullValue;
    std::string value;               // canonical; empty iff null
    std::vector<std::string> parts;  // aligned with the column's part names
  };
  std::vector<Value> columns;
  std::vector<ValueFeatures> features;  // per comparison
};

// A direct-mapped cache of levels per (comparison, value id pair), one per
// thread: fuzzy predicates are evaluated once per distinct value pair. A
// collision just overwrites, so memory is fixed and lookups never allocate.
//
// An entry is 8 bytes and exact: z = key * (an odd constant) is a bijection
// of 64-bit keys, its top `bits` bits choose the slot and the slot keeps the
// other 64 - bits bits of z with the level in the low 3 bits (0: empty; the
// null level is never cached).
//
// A lookup costs a cache miss, so a comparison whose value pairs rarely
// repeat (addresses) loses by caching. The cache counts its hits per
// comparison in windows of 2^15 lookups and stops caching a comparison
// whose hit rate falls below 1/4; results never depend on it.
class LevelCache {
 public:
  // 2^bits entries per comparison (8 bytes each). REQUIRES 3 <= bits <= 28.
  explicit LevelCache(std::size_t num_comparisons, int bits = 14);
  // Whether comparison c is still cached (see the class comment).
  bool enabled(std::size_t c) const noexcept { return stats_[c].enabled; }
  // Returns true and sets *level if (comparison, a, b) is cached.
  bool Find(std::size_t comparison, std::uint32_t a, std::uint32_t b,
            int* level) noexcept {
    const std::uint64_t z = Mix(a, b);
    const std::uint64_t e = entries_[Slot(comparison, z)];
    Stats& stats = stats_[comparison];
    const bool hit = e != 0 && (e >> 3) == Tag(z);
    stats.hits += hit;
    if (++stats.lookups == kWindow) {
      if (stats.hits < kWindow / 4) stats.enabled = false;
      stats.lookups = stats.hits = 0;
    }
    if (!hit) return false;
    *level = static_cast<int>(e & 7u);
    return true;
  }
  void Insert(std::size_t comparison, std::uint32_t a, std::uint32_t b,
              int level) noexcept {
    if (level <= 0) return;
    const std::uint64_t z = Mix(a, b);
    entries_[Slot(comparison, z)] = (Tag(z) << 3) | static_cast<std::uint64_t>(level & 7);
  }

 private:
  static constexpr std::uint32_t kWindow = 1u << 15;
  struct Stats {
    std::uint32_t lookups = 0, hits = 0;
    bool enabled = true;
  };
  static std::uint64_t Mix(std::uint32_t a, std::uint32_t b) noexcept {
    return ((static_cast<std::uint64_t>(a) << 32) | b) * 0x9e3779b97f4a7c15ULL;
  }
  std::size_t Slot(std::size_t c, std::uint64_t z) const noexcept {
    return (c << bits_) | static_cast<std::size_t>(z >> (64 - bits_));
  }
  std::uint64_t Tag(std::uint64_t z) const noexcept {
    return z & ((std::uint64_t{1} << (64 - bits_)) - 1);
  }
  int bits_;
  std::vector<std::uint64_t> entries_;
  std::vector<Stats> stats_;
};

// Comparisons bound to a RecordTable, with per-value features (day numbers,
// numbers, phonetic codes) computed once per dictionary value.
class PreparedComparisons {
 public:
  // Returns InvalidArgument if the table lacks a column or part a
  // comparison names.
  static absl::StatusOr<PreparedComparisons> Create(
      std::span<const ComparisonSpec> comparisons, const RecordTable& table);

  std::size_t size() const noexcept { return comparisons_.size(); }
  const ComparisonSpec& spec(std::size_t c) const noexcept {
    return comparisons_[c].spec;
  }
  // Whether two value ids alone always settle comparison c's level (its
  // levels are null, "exact" and else).
  bool settled_by_ids(std::size_t c) const noexcept {
    return comparisons_[c].exact_else;
  }
  // Whether comparison c's first level after the null level is "exact":
  // then two records with one (non-null) value id take level 1.
  bool exact_first(std::size_t c) const noexcept {
    return comparisons_[c].exact_first;
  }
  // The level of comparison c that two value ids settle on their own: 0
  // when either is null, 1 for one value under an "exact" first level, 2 for
  // two values when the levels are null, "exact" and else; -1 when the level
  // needs the values' features (UnsettledLevel()). Records' levels agree:
  // Level(c, a, b) == SettledLevel(c, RecordValue(column, a), ...) when >= 0.
  int SettledLevel(std::size_t c, std::uint32_t va, std::uint32_t vb) const noexcept {
    const std::uint8_t shape = id_shapes_[c];
    return SettledLevelOf((shape & kExactFirst) != 0, (shape & kExactElse) != 0, va, vb);
  }
  // Table column index of comparison c's column.
  std::size_t column_index(std::size_t c) const noexcept {
    return comparisons_[c].column;
  }
  // After BuildRecordRows(): a test of comparison c's one record-level
  // "reversed" level (names swapped across two columns) from the rows'
  // two-byte text fingerprints, when c has exactly one such level and the
  // rows hold the fingerprints of both its columns; nullopt otherwise.
  // Records a and b can take level `level` only if MayBeReversed() says so.
  struct ReversalScreen {
    int level = 0;
    int self_offset = 0;   // byte offset in a row: c's column's fingerprint
    int other_offset = 0;  // the level's other column's
  };
  std::optional<ReversalScreen> RowReversalScreen(std::size_t c) const noexcept;
  static bool MayBeReversed(const ReversalScreen& screen, const std::uint32_t* row_a,
                            const std::uint32_t* row_b) noexcept {
    return RowFingerprint(row_a, screen.self_offset) ==
               RowFingerprint(row_b, screen.other_offset) &&
           RowFingerprint(row_b, screen.self_offset) ==
               RowFingerprint(row_a, screen.other_offset);
  }

  // The edit distance, up to 1 (2: more), of two ISO date texts "YYYY-MM-DD"
  // from their digits (Prepared::day_digits): the hyphens are in the same
  // places, so one edit is one digit substituted or, with transpositions, two
  // digits swapped that are adjacent in the text (not across a hyphen).
  static std::size_t DayDigitsDistance(std::uint32_t x, std::uint32_t y,
                                       bool transpositions) noexcept {
    const std::uint32_t d = x ^ y;
    if (d == 0) return 0;
    const std::uint32_t nibbles = (d | d >> 1 | d >> 2 | d >> 3) & 0x11111111u;
    if ((nibbles & (nibbles - 1)) == 0) return 1;  // one digit differs
    if (!transpositions) return 2;
    const int low = std::countr_zero(nibbles);  // 4 * the lower digit's place
    // Digit places from the right: DD 0-1, MM 2-3, YYYY 4-7; 1-2 and 3-4
    // straddle a hyphen.
    if (nibbles != (0x11u << low) || low == 4 || low == 12) return 2;
    const std::uint32_t x2 = (x >> low) & 0xffu, y2 = (y >> low) & 0xffu;
    return ((x2 >> 4) | ((x2 & 0xfu) << 4)) == y2 ? 1 : 2;
  }
  // Whether two dates take a date comparison's far level without testing
  // its levels one by one (Prepared::date_far_days): both have day
  // numbers, more than far_days apart, and their ISO texts (as digits,
  // Prepared::day_digits) are more than one edit apart.
  static bool DatesFarApart(std::int32_t day_a, std::int32_t day_b, std::uint32_t digits_a,
                            std::uint32_t digits_b, double far_days) noexcept {
    return day_a != kNoDayNumber && day_b != kNoDayNumber &&
           static_cast<double>(DaysBetween(day_a, day_b)) > far_days &&
           DayDigitsDistance(digits_a, digits_b, true) > 1;
  }
  // After BuildRecordRows(): DatesFarApart() for comparison c from the
  // rows, which then hold each record's day number and date digits side by
  // side at byte `offset` (BuildRecordRows() puts them there whatever the
  // column's size: every pair with two different dates reads them for its
  // bound), when c's levels allow the shortcut; nullopt otherwise. Two
  // records with different dates for which DatesFarApart() holds take
  // level `level`.
  struct DateScreen {
    int offset = 0;
    double far_days = 0;
    int level = 0;
  };
  std::optional<DateScreen> RowDateScreen(std::size_t c) const noexcept;
  // Meaningful when both rows hold a value of the screen's column (a
  // null's bytes there are no date); safe to call either way.
  static bool DatesFarApart(const DateScreen& screen, const std::uint32_t* row_a,
                            const std::uint32_t* row_b) noexcept {
    std::int32_t day_a, day_b;
    std::uint32_t digits_a, digits_b;
    const auto* bytes_a = reinterpret_cast<const unsigned char*>(row_a) + screen.offset;
    const auto* bytes_b = reinterpret_cast<const unsigned char*>(row_b) + screen.offset;
    std::memcpy(&day_a, bytes_a, sizeof(day_a));
    std::memcpy(&day_b, bytes_b, sizeof(day_b));
    std::memcpy(&digits_a, bytes_a + sizeof(day_a), sizeof(digits_a));
    std::memcpy(&digits_b, bytes_b + sizeof(day_b), sizeof(digits_b));
    return DatesFarApart(day_a, day_b, digits_a, digits_b, screen.far_days);
  }

  // After BuildRecordRows(): comparison c's last level ("else") when the
  // rows alone can show that two records with different values take it:
  // its first level is "exact" and every other level two different values
  // can take is a Jaro-Winkler level (the rows hold the values' signatures),
  // a Double Metaphone level (the rows hold the codes) or its one
  // "reversed" level (RowReversalScreen()), and there is at least one;
  // nullopt otherwise.
  std::optional<int> RowElseLevel(std::size_t c) const noexcept;
  // Whether records a and b, whose values of comparison c differ and are
  // not null, take RowElseLevel(c) by their rows: no swap of names, a
  // Jaro-Winkler bound below every Jaro-Winkler level and no shared Double
  // Metaphone code. False means only that the rows cannot tell.
  // REQUIRES RowElseLevel(c).
  bool RowsTakeElse(std::size_t c, const std::uint32_t* row_a,
                    const std::uint32_t* row_b) const noexcept;

  // Level of comparison c for records a and b.
  int Level(std::size_t c, std::uint32_t a, std::uint32_t b,
            LevelCache& cache) const noexcept;
  // Same, with `cache` possibly null.
  int LevelWith(std::size_t c, std::uint32_t a, std::uint32_t b,
                LevelCache* cache) const noexcept;
  // LevelWith() for records a and b whose values va and vb of comparison
  // c's column (RecordValue) the caller has read and found unsettled:
  // REQUIRES SettledLevel(c, va, vb) < 0.
  int UnsettledLevel(std::size_t c, std::uint32_t a, std::uint32_t b, std::uint32_t va,
                     std::uint32_t vb, LevelCache* cache) const noexcept;

  // The whole agreement pattern of records a and b.
  Pattern Compare(std::uint32_t a, std::uint32_t b, LevelCache& cache) const noexcept {
    Pattern pattern = 0;
    for (std::size_t c = 0; c < comparisons_.size(); ++c) {
      pattern |= static_cast<Pattern>(Level(c, a, b, cache)) << (3 * c);
    }
    return pattern;
  }

  // Compare() without the cache, for random pairs (u sampling), where value
  // pairs rarely repeat and cache lookups would only add cache misses.
  Pattern CompareUncached(std::uint32_t a, std::uint32_t b) const noexcept;
  // Comparison c's level alone, without the cache.
  int LevelUncached(std::size_t c, std::uint32_t a, std::uint32_t b) const noexcept {
    return LevelWith(c, a, b, nullptr);
  }

  // Level of comparison c for two dictionary values (records' cross-column
  // levels such as kReversed are not considered). For tests and training.
  int ValueLevel(std::size_t c, std::uint32_t value_a,
                 std::uint32_t value_b) const noexcept;

  // Fills query->features from query->columns (REQUIRES: one value per table
  // column). Reads only the comparison specs: may run while a writer
  // extends features.
  void PrepareQuery(QueryRecord* query) const;

  // Level of comparison c for `query` and table record `record`: the level
  // Level() would give if the query were a table record with the same values.
  // Value predicates see the two values in the order batch scoring would
  // (dictionary id order, a foreign value last), so that scoring the query
  // now and the stored record later agree bit for bit.
  int QueryLevel(std::size_t c, const QueryRecord& query,
                 std::uint32_t record) const noexcept;
  Pattern CompareQuery(const QueryRecord& query, std::uint32_t record) const noexcept {
    Pattern pattern = 0;
    for (std::size_t c = 0; c < comparisons_.size(); ++c) {
      pattern |= static_cast<Pattern>(QueryLevel(c, query, record)) << (3 * c);
    }
    return pattern;
  }

  // Computes the features of dictionary values appended to the table since
  // Create() or the last call. REQUIRES: no concurrent reader.
  void ExtendFeatures();

  // Batch scoring: copies the value ids the comparisons read (their columns,
  // the other columns of "reversed" levels, and `extra_columns`, e.g. term
  // frequency columns) into one record-major array, so that comparing two
  // records reads two cache lines instead of two per column. Each row also
  // carries copies of the features that most pairs read of the columns
  // with many distinct values (signatures, packed postcodes, part hashes,
  // token sketches, identifier texts: "row features"), whose per-value
  // arrays are too large for the caches, up to kMaxRowBytes per record,
  // and, whatever the column's size, a date's day number and digits, which
  // the far-dates screen reads for every pair (RowDateScreen()).
  // Levels are unchanged. REQUIRES: the table no longer changes (not for a
  // Matcher, whose table grows) and no concurrent reader.
  // Row features are copied for comparisons whose columns have at least
  // `row_feature_min_values` distinct values (0: every comparison; tests).
  static constexpr std::size_t kMaxRowBytes = 128;
  static constexpr std::size_t kRowFeatureMinValues = std::size_t{1} << 16;
  void BuildRecordRows(std::span<const std::size_t> extra_columns = {},
                       std::size_t row_feature_min_values = kRowFeatureMinValues);
  // Bytes per record row, and how many row features they carry (for tests
  // and benchmarks).
  std::size_t row_bytes() const noexcept { return stride_ * sizeof(std::uint32_t); }
  std::size_t row_features() const noexcept { return row_features_; }
  // The value id of table column `column` of `record`, from the rows when
  // built and they hold the column, else from the column.
  std::uint32_t RecordValue(std::size_t column, std::uint32_t record) const noexcept {
    const std::int32_t slot = column < slot_of_column_.size() ? slot_of_column_[column] : -1;
    if (slot >= 0) return rows_[record * stride_ + static_cast<std::size_t>(slot)];
    return table_->column(column).values[record];
  }
  // After BuildRecordRows(): the slot of table column `column` in the rows
  // (-1: not there), and `record`'s row, whose slot s holds the column's
  // value id (RecordValue(column, record) == Row(record)[slot]).
  int RowSlot(std::size_t column) const noexcept {
    return column < slot_of_column_.size() ? slot_of_column_[column] : -1;
  }
  const std::uint32_t* Row(std::uint32_t record) const noexcept {
    return &rows_[record * stride_];
  }
  // The two-byte text fingerprint at byte `offset` of a row.
  static std::uint16_t RowFingerprint(const std::uint32_t* row, int offset) noexcept {
    std::uint16_t fingerprint;
    std::memcpy(&fingerprint, reinterpret_cast<const unsigned char*>(row) + offset,
                sizeof(fingerprint));
    return fingerprint;
  }
  // Hints that `record` will be compared soon (a prefetch of its row).
  void Prefetch(std::uint32_t record) const noexcept {
    if (rows_.empty()) return;
    const std::uint32_t* row = &rows_[record * stride_];
    for (std::size_t line = 0; line < row_lines_; ++line) {
      PrefetchForRead(row + line * (kCacheLineBytes / sizeof(std::uint32_t)));
    }
  }
  // Calls fn(i) for i in [0, n) in order, where pair(i) returns pair i's
  // two records, with rows prefetched kRowsAhead pairs ahead: comparing
  // random pairs is bound by memory latency, and this keeps a dozen misses
  // in flight instead of one. (Features outside the rows are not
  // prefetched: that measured slower, as it adds a dependent read of the
  // row per prefetch; see bench/RESULTS.md, 2026-12-05, fifth session.)
  // How many pairs ahead batch scoring prefetches rows (ForEachPrefetched(),
  // Scorer::ScoreEachAtLeast()).
  static constexpr std::size_t kRowsAhead = 16;
  template <typename PairAt, typename Fn>
  void ForEachPrefetched(std::size_t n, PairAt pair, Fn fn) const {
    for (std::size_t i = 0; i < n && i < kRowsAhead; ++i) {
      const auto [a, b] = pair(i);
      Prefetch(a);
      Prefetch(b);
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (i + kRowsAhead < n) {
        const auto [a, b] = pair(i + kRowsAhead);
        Prefetch(a);
        Prefetch(b);
      }
      fn(i);
    }
  }

 private:
  struct Prepared {
    ComparisonSpec spec;
    std::size_t column = 0;
    const Column* table_column = nullptr;
    // Per level: part index (kPartExact), other column index (kReversed).
    std::vector<std::size_t> part_index;
    std::vector<const Column*> other_column;
    bool has_record_levels = false;  // any kReversed level
    // After BuildRecordRows(): RowReversalScreen() (RowsTakeElse() reads it
    // for every pair it is asked about).
    std::optional<ReversalScreen> row_reversal;
    // The levels EvaluateValueLevel() tests, in order, packed in two cache
    // lines per comparison (spec.levels holds them 200 bytes apart, among
    // labels, m and u: the loop's reads of those were a tenth of its time).
    // Levels that two values never reach there are left out: the null
    // level, kReversed (a record-level predicate, UnsettledLevel()'s) and
    // an "exact" first level (two equal value ids are settled before).
    struct LevelOp {
      Comparator comparator = Comparator::kElse;
      std::uint8_t level = 0;               // its index in spec.levels
      std::uint8_t q = 2;                   // kJaccard
      std::uint8_t postcode_agreement = 0;  // kPostcode: PostcodeAgreement needed
      double threshold = 0;
    };
    std::array<LevelOp, kMaxLevels> ops{};
    std::uint8_t num_ops = 0;
    std::uint8_t num_levels = 0;
    std::uint8_t reversed_levels = 0;  // bit l set: level l is kReversed
    bool exact_first = false;        // levels[1] is kExact
    bool exact_else = false;         // levels are exactly null, kExact, else
    // Any level computes a string metric (edit distances, Jaro, Jaccard):
    // only then is a level worth a LevelCache entry; the other predicates
    // are cheaper than a cache lookup.
    bool cache_worthy = false;
    // Some level reads the values' texts (string metrics, identifier typos):
    // short texts are then kept inline, one cache line per value pair side
    // instead of a dictionary offset and arena bytes.
    bool needs_texts = false;
    bool needs_days = false, needs_numbers = false, needs_soundex = false,
         needs_nysiis = false, needs_metaphone = false, needs_postcode = false;
    std::optional<std::size_t> day_part;  // the column's "day_number" part
    // Edit-distance levels over dates whose every value with a day number
    // has as its text the ISO date IsoDateText() renders from it (a column
    // the date normaliser wrote): two such values' distance is computed on
    // texts rendered from their day numbers, without reading the texts or
    // the signatures (two random reads each). AppendFeatures() clears it
    // at the first value that breaks the rule.
    bool day_texts = false;
    // With day_texts, when every level two different dates can take is a
    // date level or an edit distance within 1: two dates further apart
    // than date_far_days whose texts are over one edit apart take level
    // date_far_level (else) without testing each level (-1: not so).
    double date_far_days = -1;
    std::uint8_t date_far_level = 0;
    // With day_texts, per dictionary value its ISO text's eight digits
    // YYYYMMDD, four bits each (0: no day number), for distances within 1.
    std::vector<std::uint32_t> day_digits;
    // Some level computes a string metric other than an edit distance
    // within 1, which day_digits answer in a few instructions: with
    // day_texts, only then is a level worth a LevelCache entry.
    bool cache_worthy_with_day_texts = false;
    std::uint32_t features_size = 0;      // dictionary values with features
    // Per dictionary value, filled when a level needs them.
    std::vector<std::int32_t> day_numbers;  // INT32_MIN: none
    std::vector<double> numbers;            // NaN: none
    // Phonetic codes per dictionary value, as hashes (0: no code), so that
    // a pair costs two loads, not two encodings; Double Metaphone's codes
    // (at most 4 bytes) as their bytes in one word, exactly (MetaphoneWord).
    std::vector<std::uint64_t> soundex, nysiis;
    std::vector<std::uint32_t> metaphone, metaphone_alt;
    std::vector<PostcodeKey> postcode_keys;
    std::vector<InlineText> inline_texts;  // when needs_texts
    // Token levels (token_jaccard, token_overlap): each value's distinct
    // whitespace tokens as sorted ids, so that a pair merges two short id
    // lists instead of splitting and sorting two texts. Value v's ids are
    // token_ids[token_offsets[v], token_offsets[v + 1]).
    bool needs_tokens = false;
    std::vector<std::uint32_t> token_offsets;
    std::vector<std::uint32_t> token_ids;
    absl::flat_hash_map<std::string, std::uint32_t> token_dictionary;  // token -> id
    // Jaro-Winkler and edit-distance levels: per value, a signature
    // bounding the score (JaroWinklerUpperBound, EditDistanceLowerBound), so
    // that most pairs skip the metric.
    bool needs_char_signatures = false;
    std::vector<CharSignature> char_signatures;
    // Per level: for kPartExact the part's text hash per dictionary value
    // (0: empty part), so that unequal parts are told apart without reading
    // the text; for kReversed the text hash of this column's values and of
    // the other column's values (equal texts, equal hashes, across the two
    // dictionaries).
    std::vector<std::vector<std::uint64_t>> part_hashes;
    std::vector<std::vector<std::uint64_t>> other_hashes;
    std::vector<std::uint64_t> value_hashes;  // when has_record_levels
    // Token levels: per value, a 64-bit sketch of its token ids (bit
    // id * k >> 58 set per token), which bounds the common tokens of a pair
    // from above (TokenSketch) without reading the ids.
    std::vector<std::uint64_t> token_sketches;
    // Byte offsets in a record's row of copies of this comparison's
    // features (BuildRecordRows), -1 when read from the arrays above; per
    // level for part hashes.
    int row_text = -1, row_signature = -1, row_postcode = -1, row_tokens = -1,
        row_days = -1, row_day_digits = -1, row_metaphone = -1;
    std::vector<int> row_part_hash;
    // The loosest threshold of each metric among the levels, so that a pair
    // computes each metric once (with that cutoff) however many levels use
    // it: Jaro-Winkler 0.92 and 0.80 cost one Jaro-Winkler.
    double min_jaro_winkler = 2, min_jaro = 2, min_jaccard = 2, min_token_jaccard = 2;
    std::size_t max_levenshtein = 0, max_damerau = 0, max_osa = 0;
    // JaroWinklerUpperBound(a, b) < min_jaro_winkler, by table.
    JaroWinklerBoundTable jaro_winkler_bound;
  };
  struct DictSide;
  struct QuerySide;
  template <typename A, typename B>
  static int EvaluateValueLevel(const Prepared& p, const A& a,
                                const B& b) noexcept;
  static void AppendFeatures(Prepared& p, std::uint32_t value);
  static void ExtendOtherHashes(Prepared& p);

  const RecordTable* table_ = nullptr;
  std::vector<Prepared> comparisons_;
  // SettledLevel(): per comparison, kExactFirst | kExactElse, kept apart
  // from the (large) Prepared structs for the scoring loops.
  static constexpr std::uint8_t kExactFirst = 1, kExactElse = 2;
  std::vector<std::uint8_t> id_shapes_;
  static int SettledLevelOf(bool exact_first, bool exact_else, std::uint32_t va,
                            std::uint32_t vb) noexcept {
    if (va == kNullValue || vb == kNullValue) return 0;
    if (exact_first && va == vb) return 1;
    if (exact_else) return 2;
    return -1;
  }
  // BuildRecordRows(): rows_[record * stride_ + slot], and the slot of each
  // table column (-1: not in the rows).
  // Rows start on cache lines (a row of 16 slots is one line, not two).
  std::vector<std::uint32_t, CacheLineAllocator<std::uint32_t>> rows_;
  std::size_t stride_ = 0;     // uint32 slots per row
  std::size_t row_lines_ = 0;  // cache lines per row
  std::size_t row_features_ = 0;
  std::size_t row_feature_min_values_ = 0;
  std::vector<std::int32_t> slot_of_column_;
  std::vector<std::size_t> row_columns_;  // the table column in each slot
  // Per table column in a kReversed level (names swapped across two
  // columns): the byte offset in the rows of a 16-bit fingerprint of the
  // record's text (the top bits of its CodeHash), -1 when absent. Unequal
  // fingerprints rule a swap out from the two rows alone, without the
  // random reads of value_hashes and other_hashes.
  std::vector<int> row_text_fingerprint_;
};

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_COMPARISON_H_
