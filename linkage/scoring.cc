// Copyright 2026 The Linkage Authors.
#include "linkage/scoring.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "blocking/internal/group_by_key.h"
#include "tbb/enumerable_thread_specific.h"
#include "tbb/blocked_range.h"
#include "tbb/parallel_for.h"

namespace linkage {

double SafeLog2(double p) noexcept { return std::log2(std::max(p, 1e-12)); }

LevelWeights ComputeLevelWeights(const Model& model) {
  LevelWeights out;
  out.prior_weight = ProbabilityToWeight(*model.lambda());
  const std::size_t n = model.num_comparisons();
  out.weights.assign(n * kMaxLevels, 0.0);
  out.tf.resize(n * kMaxLevels);
  for (std::size_t c = 0; c < n; ++c) {
    const ComparisonSpec& spec = model.comparisons()[c];
    double u_exact = -1;
    for (const LevelSpec& level : spec.levels) {
      if (level.comparator == Comparator::kExact && level.u_probability) {
        u_exact = *level.u_probability;
        break;
      }
    }
    for (std::size_t l = 1; l < spec.levels.size(); ++l) {
      const LevelSpec& level = spec.levels[l];
      const std::size_t index = c * kMaxLevels + l;
      out.weights[index] =
          SafeLog2(*level.m_probability) - SafeLog2(*level.u_probability);
      if (level.tf_adjustment_column.empty()) continue;
      TfLevelParams tf;
      tf.column = level.tf_adjustment_column;
      if (level.tf_minimum_u_value > 0) {
        tf.log2_tf_min = std::log2(level.tf_minimum_u_value);
      }
      tf.log2_u_exact = SafeLog2(u_exact >= 0 ? u_exact : *level.u_probability);
      tf.weight = level.tf_adjustment_weight;
      out.tf[index] = std::move(tf);
    }
  }
  return out;
}

absl::StatusOr<Scorer> Scorer::Create(const Model& model,
                                      const RecordTable& table) {
  if (absl::Status s = model.CheckTrained(); !s.ok()) return s;
  absl::StatusOr<PreparedComparisons> prepared =
      PreparedComparisons::Create(model.comparisons(), table);
  if (!prepared.ok()) return prepared.status();
  return Create(model, table, *std::move(prepared));
}

absl::StatusOr<Scorer> Scorer::Create(const Model& model, const RecordTable& table,
                                      PreparedComparisons prepared,
                                      std::size_t row_feature_min_values) {
  if (absl::Status s = model.CheckTrained(); !s.ok()) return s;
  if (prepared.size() != model.num_comparisons()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "comparisons prepared for ", prepared.size(), " comparisons, the model has ",
        model.num_comparisons()));
  }
  Scorer scorer;
  scorer.model_ = &model;
  scorer.table_ = &table;
  scorer.prepared_ = std::move(prepared);
  scorer.num_comparisons_ = model.num_comparisons();
  LevelWeights params = ComputeLevelWeights(model);
  scorer.prior_weight_ = params.prior_weight;
  scorer.weights_ = std::move(params.weights);
  scorer.has_tf_.assign(scorer.num_comparisons_ * kMaxLevels, 0);
  scorer.tf_levels_.resize(scorer.num_comparisons_ * kMaxLevels);
  for (std::size_t index = 0; index < params.tf.size(); ++index) {
    if (!params.tf[index]) continue;
    const TfLevelParams& p = *params.tf[index];
    const auto tf_column = table.FindColumn(p.column);
    if (!tf_column) {
      return absl::InvalidArgumentError(absl::StrCat(
          "tf_adjustment_column \"", p.column, "\" is not in the table"));
    }
    TfLevel& tf = scorer.tf_levels_[index];
    tf.column = *tf_column;
    const Dictionary& dict = table.column(*tf_column).dictionary;
    tf.log2_tf.resize(dict.size());
    for (std::uint32_t v = 0; v < dict.size(); ++v) {
      tf.log2_tf[v] = SafeLog2(dict.term_frequency(v));
    }
    tf.log2_tf_min = p.log2_tf_min;
    tf.log2_u_exact = p.log2_u_exact;
    tf.weight = p.weight;
    scorer.has_tf_[index] = 1;
  }
  // Record-major value ids for the comparisons and the TF columns.
  std::vector<std::size_t> tf_columns;
  for (std::size_t index = 0; index < scorer.tf_levels_.size(); ++index) {
    if (scorer.has_tf_[index]) tf_columns.push_back(scorer.tf_levels_[index].column);
  }
  scorer.prepared_.BuildRecordRows(tf_columns, row_feature_min_values);
  // The most each comparison can add: its best level's weight plus that
  // level's largest term-frequency adjustment (the rarest value's); the
  // most it can add when its first level is "exact" and the two values
  // differ (its levels after the first); and the same without its
  // "reversed" level, for the pairs whose rows' fingerprints rule that
  // level out (RowReversalScreen()).
  std::vector<double> max_add(scorer.num_comparisons_, 0.0);  // null level: 0
  std::vector<double> max_add_unequal(scorer.num_comparisons_, 0.0);
  std::vector<double> max_add_unreversed(scorer.num_comparisons_, 0.0);
  std::vector<std::optional<PreparedComparisons::ReversalScreen>> screens(
      scorer.num_comparisons_);
  // The levels the rows' screens show exactly: two dates far apart
  // (RowDateScreen()) and two names that take "else" (RowElseLevel()). A
  // level's weight bounds those pairs exactly, unless the level has a
  // term-frequency adjustment.
  const auto level_weight = [&](std::size_t c, int level) {
    return scorer.weights_[c * kMaxLevels + static_cast<std::size_t>(level)];
  };
  const auto has_tf = [&](std::size_t c, int level) {
    return scorer.has_tf_[c * kMaxLevels + static_cast<std::size_t>(level)] != 0;
  };
  std::vector<std::optional<PreparedComparisons::DateScreen>> date_screens(
      scorer.num_comparisons_);
  std::vector<std::optional<int>> else_levels(scorer.num_comparisons_);
  for (std::size_t c = 0; c < scorer.num_comparisons_; ++c) {
    date_screens[c] = scorer.prepared_.RowDateScreen(c);
    if (date_screens[c] && has_tf(c, date_screens[c]->level)) date_screens[c].reset();
    else_levels[c] = scorer.prepared_.RowElseLevel(c);
    if (else_levels[c] && has_tf(c, *else_levels[c])) else_levels[c].reset();
  }
  const auto far_add = [&](std::size_t c) { return level_weight(c, date_screens[c]->level); };
  const auto else_add = [&](std::size_t c) { return level_weight(c, *else_levels[c]); };
  // Whether level l of comparison c is the "reversed" level its screen
  // can rule out.
  const auto screened_level = [&](std::size_t c, std::size_t l) {
    return screens[c] && screens[c]->level == static_cast<int>(l);
  };
  for (std::size_t c = 0; c < scorer.num_comparisons_; ++c) {
    const std::size_t levels = model.comparisons()[c].levels.size();
    screens[c] = scorer.prepared_.RowReversalScreen(c);
    double unequal = -std::numeric_limits<double>::infinity();
    double unreversed = -std::numeric_limits<double>::infinity();
    for (std::size_t l = 1; l < levels; ++l) {
      const std::size_t index = c * kMaxLevels + l;
      double add = scorer.weights_[index];
      if (scorer.has_tf_[index]) {
        // The rarest value's adjustment is the largest (weights are 0 to
        // 1); without a dictionary value, only the floor bounds it.
        const TfLevel& tf = scorer.tf_levels_[index];
        double rarest = tf.log2_tf_min;
        if (!tf.log2_tf.empty()) {
          rarest = *std::min_element(tf.log2_tf.begin(), tf.log2_tf.end());
        }
        if (std::isfinite(std::max(rarest, tf.log2_tf_min))) {
          add += std::max(0.0, TfAdjustmentOf(rarest, tf.log2_tf_min,
                                              tf.log2_u_exact, tf.weight));
        } else {
          add = std::numeric_limits<double>::infinity();
        }
      }
      max_add[c] = std::max(max_add[c], add);
      if (l >= 2) unequal = std::max(unequal, add);
      if (l >= 2 && !screened_level(c, l)) unreversed = std::max(unreversed, add);
    }
    // (Without a level after "exact", which ParseComparisons never gives,
    // the static bound stands; a "reversed" level is never the last.)
    const bool bound_unequal = scorer.prepared_.exact_first(c) && levels > 2;
    max_add_unequal[c] = bound_unequal ? unequal : max_add[c];
    max_add_unreversed[c] = bound_unequal && screens[c] ? unreversed : max_add_unequal[c];
  }
  for (std::size_t c = 0; c < scorer.num_comparisons_; ++c) {
    if (scorer.prepared_.settled_by_ids(c)) scorer.order_.push_back(c);
  }
  scorer.num_cheap_ = scorer.order_.size();
  // The comparisons that read features, the one whose level is expected to
  // lower a pair's bound the most first: most candidate pairs are
  // non-matches, whose levels fall about as u says, so for two different
  // values (the pairs that pay for an evaluation) the expected fall is the
  // bound for two values less the u-weighted mean weight of the levels two
  // different values can take. A comparison whose likely level is its
  // bound goes last (the NHS number, whose typo level weighs less than
  // "else"); on configs/uk_person.json the date of birth comes before the
  // names, which measured fastest of the orders tried (bench/RESULTS.md,
  // 2026-12-05, eighth session). Results never depend on the order:
  // Weight() computes a kept pair's weight.
  std::vector<std::pair<double, std::size_t>> by_fall;
  for (std::size_t c = 0; c < scorer.num_comparisons_; ++c) {
    if (scorer.prepared_.settled_by_ids(c)) continue;
    const ComparisonSpec& spec = model.comparisons()[c];
    const std::size_t first = scorer.prepared_.exact_first(c) ? 2 : 1;
    double u_sum = 0, uw_sum = 0;
    for (std::size_t l = first; l < spec.levels.size(); ++l) {
      if (screened_level(c, l)) continue;
      const double u = *spec.levels[l].u_probability;
      u_sum += u;
      uw_sum += u * scorer.weights_[c * kMaxLevels + l];
    }
    const double bound = first == 2 ? max_add_unreversed[c] : max_add[c];
    const double fall = u_sum > 0 ? bound - uw_sum / u_sum : 0.0;
    by_fall.emplace_back(-fall, c);
  }
  std::stable_sort(by_fall.begin(), by_fall.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  for (const auto& [negative_fall, c] : by_fall) scorer.order_.push_back(c);
  // The levels the value ids settle (BuildRecordRows() put every
  // comparison's column in the rows).
  for (std::size_t c = 0; c < scorer.num_comparisons_; ++c) {
    const std::size_t column = scorer.prepared_.column_index(c);
    const int slot = scorer.prepared_.RowSlot(column);
    if (slot < 0) {
      return absl::InternalError(
          absl::StrCat("comparison ", c, "'s column is not in the record rows"));
    }
    const std::size_t exact = c * kMaxLevels + 1;
    std::int64_t exact_add = -1;
    if (scorer.prepared_.exact_first(c) && scorer.has_tf_[exact] != 0 &&
        scorer.tf_levels_[exact].column == column) {
      // Level 1's weight plus each value's adjustment (Weight()'s terms,
      // equal to its sum up to rounding), rounded up to a float.
      const TfLevel& tf = scorer.tf_levels_[exact];
      const std::size_t offset = scorer.exact_adds_.size();
      scorer.exact_adds_.resize(offset + tf.log2_tf.size());
      for (std::size_t v = 0; v < tf.log2_tf.size(); ++v) {
        scorer.exact_adds_[offset + v] = internal::RoundUpToFloat(
            scorer.weights_[exact] +
            TfAdjustmentOf(tf.log2_tf[v], tf.log2_tf_min, tf.log2_u_exact, tf.weight));
      }
      exact_add = static_cast<std::int64_t>(offset);
    }
    scorer.id_levels_.push_back(
        {static_cast<std::uint32_t>(slot), scorer.prepared_.exact_first(c), exact_add});
  }
  // The per-pair bound of each comparison after the cheap ones, in
  // evaluation order, with what it reads side by side.
  for (std::size_t k = scorer.num_cheap_; k < scorer.num_comparisons_; ++k) {
    const std::size_t c = scorer.order_[k];
    const std::size_t exact = c * kMaxLevels + 1;
    const IdLevels& f = scorer.id_levels_[c];
    PairBound bound;
    bound.comparison = static_cast<std::uint32_t>(c);
    bound.slot = f.slot;
    bound.exact_first = f.exact_first;
    bound.max_add = max_add[c];
    bound.max_add_unequal = max_add_unequal[c];
    bound.max_add_unreversed = max_add_unreversed[c];
    bound.screen = screens[c];
    bound.date_screen = date_screens[c];
    if (date_screens[c]) bound.far_add = far_add(c);
    if (else_levels[c]) bound.else_add = else_add(c);
    bound.exact_weight = scorer.weights_[exact];
    if (f.exact_add >= 0) {
      bound.tf = PairBound::kTfOwn;
      bound.exact_add = static_cast<std::uint64_t>(f.exact_add);
    } else if (scorer.has_tf_[exact]) {
      bound.tf = PairBound::kTfOther;
    }
    scorer.pair_bounds_.push_back(bound);
  }
  // The same bounds one comparison per lane (internal::LaneBounds), the
  // comparisons settled by their ids included.
  if (scorer.num_comparisons_ <= 16 &&
      scorer.exact_adds_.size() < (std::size_t{1} << 31)) {
    internal::LaneBounds lanes;
    bool fits = true;
    for (std::size_t c = 0; c < scorer.num_comparisons_; ++c) {
      const IdLevels& f = scorer.id_levels_[c];
      if (f.slot >= 16) {  // the lanes load a row's first 16 slots
        fits = false;
        break;
      }
      const auto bit = static_cast<std::uint16_t>(1u << c);
      lanes.slot[c] = static_cast<std::int32_t>(f.slot);
      lanes.load_slots |= static_cast<std::uint16_t>(1u << f.slot);
      lanes.lanes |= bit;
      const std::size_t exact = c * kMaxLevels + 1;
      double equal = max_add[c], unequal = max_add[c], unreversed = max_add[c];
      if (f.exact_first) {
        unequal = max_add_unequal[c];
        unreversed = max_add_unreversed[c];
        if (f.exact_add >= 0) {
          lanes.tf_lanes |= bit;
          lanes.tf_offset[c] = static_cast<std::int32_t>(f.exact_add);
        } else if (!scorer.has_tf_[exact]) {
          equal = scorer.weights_[exact];
        }  // else over another column: max_add, its largest adjustment
      }
      lanes.equal[c] = internal::RoundUpToFloat(equal);
      lanes.unequal[c] = internal::RoundUpToFloat(unequal);
      lanes.unreversed[c] = internal::RoundUpToFloat(unreversed);
      if (screens[c]) lanes.screens.emplace_back(static_cast<std::uint32_t>(c), *screens[c]);
      if (date_screens[c]) {
        lanes.far[c] = internal::RoundUpToFloat(far_add(c));
        lanes.date_screens.emplace_back(static_cast<std::uint32_t>(c), *date_screens[c]);
      }
    }
    if (fits) {
      scorer.lane_bounds_ = std::move(lanes);
      for (std::size_t c = 0; c < scorer.num_comparisons_; ++c) {
        if (!else_levels[c]) continue;
        scorer.else_screens_.push_back({static_cast<std::uint32_t>(c), scorer.id_levels_[c].slot,
                                        internal::RoundUpToFloat(else_add(c))});
      }
    }
  }
  scorer.UseLaneBounds(true);
  scorer.max_remaining_.assign(scorer.num_comparisons_ + 1, 0.0);
  for (std::size_t k = scorer.num_comparisons_; k-- > 0;) {
    scorer.max_remaining_[k] = scorer.max_remaining_[k + 1] + max_add[scorer.order_[k]];
  }
  return scorer;
}

bool Scorer::ScoreAtLeast(std::uint32_t a, std::uint32_t b, double threshold,
                          LevelCache& cache, Pattern* pattern,
                          double* weight) const noexcept {
  return ScoreFrom(a, b, threshold, cache, pattern, weight, nullptr, 0.0);
}

bool Scorer::ScoreFrom(std::uint32_t a, std::uint32_t b, double threshold, LevelCache& cache,
                       Pattern* pattern, double* weight, float* first_bounds,
                       double first_bound) const noexcept {
  double partial = prior_weight_;
  Pattern p = 0;
  // Each comparison's level from the two rows' value ids when they settle
  // it, else from PreparedComparisons::UnsettledLevel(); its weight and
  // term-frequency adjustment added as Weight() adds them, or for level 1
  // of one value on both sides, exact_adds_'s bound of the two.
  const std::uint32_t* row_a = prepared_.Row(a);
  const std::uint32_t* row_b = prepared_.Row(b);
  const auto add_level = [&](std::size_t c) {
    const IdLevels& f = id_levels_[c];
    const std::uint32_t va = row_a[f.slot], vb = row_b[f.slot];
    int level = prepared_.SettledLevel(c, va, vb);
    if (level < 0) level = prepared_.UnsettledLevel(c, a, b, va, vb, &cache);
    p |= static_cast<Pattern>(level) << (3 * c);
    if (level == 1 && f.exact_add >= 0) {
      partial += exact_adds_[static_cast<std::size_t>(f.exact_add) + va];
      return;
    }
    const std::size_t index = c * kMaxLevels + static_cast<std::size_t>(level);
    partial += weights_[index];
    if (has_tf_[index]) partial += TfAdjustment(c, level, a, b);
  };
  // remaining[k]: the most comparisons order_[k..] can add to this pair.
  std::array<double, kMaxComparisons + 1> remaining;
  remaining[num_comparisons_] = 0.0;
  double sum = 0.0;
  std::size_t k = 0;
  if (use_lane_bounds_) {
    // Every comparison's bound at once; the settled ones' are their
    // weights, so one test abandons the pair before any level is computed.
    std::array<float, 16> own;
    float* bounds = first_bounds;
    double bound = first_bound;
    if (bounds == nullptr) {
      bounds = own.data();
      bound = partial + internal::SumLaneBounds(*lane_bounds_, exact_adds_.data(), row_a, row_b,
                                                bounds);
      if (bound < threshold - kBoundSlack) return false;
    }
    // The pairs the sum leaves in: names that their rows show take "else"
    // lower the bound to else's weight.
    if (!else_screens_.empty()) {
      for (const ElseScreen& screen : else_screens_) {
        const std::uint32_t va = row_a[screen.slot], vb = row_b[screen.slot];
        float& lane = bounds[screen.comparison];
        if (va == kNullValue || vb == kNullValue || va == vb || lane <= screen.else_add ||
            !prepared_.RowsTakeElse(screen.comparison, row_a, row_b)) {
          continue;
        }
        bound -= static_cast<double>(lane) - static_cast<double>(screen.else_add);
        lane = screen.else_add;
      }
      if (bound < threshold - kBoundSlack) return false;
    }
    for (; k < num_cheap_; ++k) add_level(order_[k]);
    for (std::size_t j = num_comparisons_; j-- > k;) {
      sum += static_cast<double>(bounds[order_[j]]);
      remaining[j] = sum;
    }
  } else {
    for (; k < num_cheap_; ++k) {
      if (partial + max_remaining_[k] < threshold - kBoundSlack) return false;
      add_level(order_[k]);
    }
    // The comparisons that read features (string metrics, postcode parts,
    // dates), bounded per pair: from their value ids alone, a null or an
    // exact agreement is known and two different values cannot reach an
    // "exact" first level. Bounding them all, postcode included, skips
    // more feature reads than evaluating the cheaper ones unbounded.
    for (std::size_t j = num_comparisons_; j-- > k;) {
      // The most comparison order_[j] can add from its value ids alone.
      const PairBound& bound = pair_bounds_[j - num_cheap_];
      const std::uint32_t va = row_a[bound.slot], vb = row_b[bound.slot];
      double add;
      if (va == kNullValue || vb == kNullValue) {
        add = 0.0;  // the null level
      } else if (bound.date_screen && va != vb &&
                 PreparedComparisons::DatesFarApart(*bound.date_screen, row_a, row_b)) {
        add = bound.far_add;  // two dates far apart: the far level, exactly
      } else if (!bound.exact_first) {
        add = bound.max_add;
      } else if (va != vb) {
        if (bound.else_add && prepared_.RowsTakeElse(bound.comparison, row_a, row_b)) {
          add = *bound.else_add;  // the rows show "else"
        } else {
          add = bound.screen && !PreparedComparisons::MayBeReversed(*bound.screen, row_a, row_b)
                    ? bound.max_add_unreversed
                    : bound.max_add_unequal;
        }
      } else if (bound.tf == PairBound::kNoTf) {
        add = bound.exact_weight;  // one value: level 1, "exact"
      } else if (bound.tf == PairBound::kTfOwn) {
        add = exact_adds_[bound.exact_add + va];
      } else {
        add = bound.exact_weight + TfAdjustment(bound.comparison, 1, a, b);
      }
      sum += add;
      remaining[j] = sum;
    }
  }
  for (; k < num_comparisons_; ++k) {
    if (partial + remaining[k] < threshold - kBoundSlack) return false;
    add_level(order_[k]);
  }
  *pattern = p;
  *weight = Weight(p, a, b);
  return *weight >= threshold;
}

void Scorer::UseLaneBounds(bool on) noexcept {
  use_lane_bounds_ = on && lane_bounds_.has_value() && internal::LaneBoundsAvailable();
}

double Scorer::TfAdjustment(std::size_t c, int level, std::uint32_t a,
                            std::uint32_t b) const noexcept {
  const TfLevel& tf = tf_levels_[c * kMaxLevels + level];
  const std::uint32_t va = prepared_.RecordValue(tf.column, a);
  const std::uint32_t vb = prepared_.RecordValue(tf.column, b);
  if (va == kNullValue || vb == kNullValue) return 0.0;
  return TfAdjustmentOf(std::max(tf.log2_tf[va], tf.log2_tf[vb]), tf.log2_tf_min,
                        tf.log2_u_exact, tf.weight);
}

Explanation Scorer::Explain(std::uint32_t a, std::uint32_t b,
                            LevelCache& cache) const {
  Explanation e;
  e.left_id = std::string(table_->record_id(a));
  e.right_id = std::string(table_->record_id(b));
  e.prior_weight = prior_weight_;
  const Pattern pattern = prepared_.Compare(a, b, cache);
  for (std::size_t c = 0; c < num_comparisons_; ++c) {
    const ComparisonSpec& spec = model_->comparisons()[c];
    const int level = LevelOf(pattern, c);
    ExplanationTerm t;
    t.comparison = spec.output_column_name;
    t.level = level;
    t.label = spec.levels[level].label;
    const Column& column = table_->column(prepared_.column_index(c));
    if (column.values[a] != kNullValue) {
      t.value_left = std::string(column.dictionary.value(column.values[a]));
    }
    if (column.values[b] != kNullValue) {
      t.value_right = std::string(column.dictionary.value(column.values[b]));
    }
    if (level == 0) {
      t.m = t.u = std::numeric_limits<double>::quiet_NaN();
    } else {
      t.m = *spec.levels[level].m_probability;
      t.u = *spec.levels[level].u_probability;
      t.weight = weights_[c * kMaxLevels + level];
      if (has_tf_[c * kMaxLevels + level]) t.tf_adjustment = TfAdjustment(c, level, a, b);
    }
    e.terms.push_back(std::move(t));
  }
  e.match_weight = Weight(pattern, a, b);
  e.match_probability = WeightToProbability(e.match_weight);
  return e;
}

nlohmann::json Explanation::ToJson() const {
  nlohmann::json out;
  out["left_id"] = left_id;
  out["right_id"] = right_id;
  out["prior_weight"] = prior_weight;
  nlohmann::json terms_json = nlohmann::json::array();
  for (const ExplanationTerm& t : terms) {
    nlohmann::json j;
    j["comparison"] = t.comparison;
    j["level"] = t.level;
    j["label"] = t.label;
    j["value_left"] = t.value_left;
    j["value_right"] = t.value_right;
    j["m_probability"] = std::isnan(t.m) ? nlohmann::json(nullptr) : nlohmann::json(t.m);
    j["u_probability"] = std::isnan(t.u) ? nlohmann::json(nullptr) : nlohmann::json(t.u);
    j["weight"] = t.weight;
    j["tf_adjustment"] = t.tf_adjustment;
    terms_json.push_back(std::move(j));
  }
  out["terms"] = std::move(terms_json);
  out["match_weight"] = match_weight;
  out["match_probability"] = match_probability;
  return out;
}

std::string Explanation::ToText() const {
  std::string out = absl::StrFormat("%s vs %s\n", left_id, right_id);
  double running = prior_weight;
  absl::StrAppendFormat(&out, "  %-22s %-28s %9s %9s %8s %8s %9s\n", "comparison",
                        "level", "m", "u", "weight", "tf adj", "total");
  absl::StrAppendFormat(&out, "  %-22s %-28s %9s %9s %+8.3f %8s %+9.3f\n", "prior",
                        "", "", "", prior_weight, "", running);
  for (const ExplanationTerm& t : terms) {
    running += t.weight + t.tf_adjustment;
    const std::string level = absl::StrCat(t.level, " ", t.label);
    if (t.level == 0) {
      absl::StrAppendFormat(&out, "  %-22s %-28s %9s %9s %+8.3f %8s %+9.3f\n",
                            t.comparison, level, "-", "-", 0.0, "", running);
    } else {
      absl::StrAppendFormat(&out, "  %-22s %-28s %9.6f %9.6f %+8.3f %+8.3f %+9.3f\n",
                            t.comparison, level, t.m, t.u, t.weight,
                            t.tf_adjustment, running);
    }
    absl::StrAppendFormat(&out, "  %-22s   \"%s\" | \"%s\"\n", "", t.value_left,
                          t.value_right);
  }
  absl::StrAppendFormat(&out, "  match weight %+.3f, probability %.6f\n",
                        match_weight, match_probability);
  return out;
}

namespace {

// Sorts `pairs` by (left, right), records < n: each pair once, so a total
// order, deterministic on any thread count. A radix sort (blocking's) on
// the two record indexes packed into the top bits of a 64-bit key, then a
// gather: several times faster than a comparison sort of 32-byte pairs.
void SortByRecords(std::vector<ScoredPair>* pairs, std::size_t n) {
  const std::size_t size = pairs->size();
  const int bits = n <= 1 ? 1 : std::bit_width(static_cast<std::uint64_t>(n - 1));
  internal::KeyedRecords order;
  order.resize(size);  // unwritten: every entry is written below
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, size, 1 << 14),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      for (std::size_t i = range.begin(); i != range.end(); ++i) {
                        const ScoredPair& p = (*pairs)[i];
                        const std::uint64_t key =
                            (std::uint64_t{p.left} << bits | p.right) << (64 - 2 * bits);
                        order[i] = {key, static_cast<std::uint32_t>(i)};
                      }
                    });
  internal::SortByKey(&order);
  std::vector<ScoredPair> sorted(size);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, size, 1 << 14),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      for (std::size_t i = range.begin(); i != range.end(); ++i) {
                        sorted[i] = (*pairs)[order[i].record];
                      }
                    });
  pairs->swap(sorted);
}

}  // namespace

absl::StatusOr<PredictResult> Predict(const Scorer& scorer,
                                      const BlockingKeys& keys,
                                      const CandidateOptions& candidate_options,
                                      const PredictOptions& options) {
  struct Local {
    explicit Local(std::size_t comparisons) : cache(comparisons) {}
    LevelCache cache;
    std::vector<ScoredPair> kept;
    std::uint64_t since_progress = 0;
  };
  const std::size_t num_comparisons = scorer.comparisons().size();
  tbb::enumerable_thread_specific<Local> locals(
      [&] { return Local(num_comparisons); });
  std::atomic<std::uint64_t> scored{0};
  const double threshold = options.threshold_weight;
  absl::StatusOr<CandidateStats> stats = GenerateCandidates(
      keys, candidate_options,
      [&](std::size_t rule, std::span<const CandidatePair> batch) {
        Local& local = locals.local();
        scorer.ScoreEachAtLeast(batch, threshold, local.cache,
                                [&](std::size_t i, Pattern pattern, double weight) {
                                  local.kept.push_back({batch[i].left, batch[i].right, pattern,
                                                        weight, static_cast<std::uint8_t>(rule)});
                                });
        local.since_progress += batch.size();
        if (local.since_progress >= (1u << 20)) {
          const std::uint64_t total = scored += local.since_progress;
          local.since_progress = 0;
          if (options.progress) options.progress(total);
        }
      });
  if (!stats.ok()) return stats.status();
  PredictResult result;
  result.candidates = *std::move(stats);
  std::size_t total = 0;
  for (const Local& local : locals) total += local.kept.size();
  result.pairs.reserve(total);
  for (Local& local : locals) {
    result.pairs.insert(result.pairs.end(), local.kept.begin(), local.kept.end());
    local.kept = {};
  }
  SortByRecords(&result.pairs, scorer.table().num_records());
  return result;
}

}  // namespace linkage
