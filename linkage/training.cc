// Copyright 2026 The Linkage Authors.
#include "linkage/training.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/string_view.h"
#include "blocking/comparison_counts.h"
#include "blocking/key_hash.h"
#include "tbb/enumerable_thread_specific.h"
#include "tbb/parallel_for.h"

namespace linkage {
namespace {

// xoshiro256** seeded by splitmix64: small, fast, and the same everywhere
// (std:: distributions are implementation-defined).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (std::uint64_t& s : state_) {
      seed += 0x9e3779b97f4a7c15ULL;
      s = MixBits(seed);
    }
  }
  std::uint64_t Next() noexcept {
    const std::uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }
  // Uniform in [0, bound) by Lemire's multiply-shift (bias < 2^-32 for our
  // bounds, and deterministic).
  std::uint64_t Below(std::uint64_t bound) noexcept {
    return static_cast<std::uint64_t>(
        (static_cast<unsigned __int128>(Next()) * bound) >> 64);
  }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) noexcept {
    return (x << k) | (x >> (64 - k));
  }
  std::uint64_t state_[4];
};

constexpr std::uint64_t kChunkPairs = 1 << 16;
constexpr std::uint64_t kChunksPerRound = 16;  // 1M pairs a round
constexpr std::uint64_t kMinUPairs = 1 << 20;
// u sampling draws its random pairs a tile at a time: all pairs among
// kDedupeTile distinct random records (363 * 362 / 2 >= kChunkPairs), or
// for linking all pairs between kLinkTile random records of each side.
constexpr std::uint64_t kDedupeTile = 363;
constexpr std::uint64_t kLinkTile = 256;

// `count` distinct records drawn uniformly from [begin, begin + n), in the
// order Floyd's algorithm draws them. REQUIRES count <= n.
void DrawDistinct(Rng& rng, std::uint64_t begin, std::uint64_t n, std::uint64_t count,
                  std::vector<std::uint32_t>* out) {
  out->clear();
  absl::flat_hash_set<std::uint64_t> drawn;
  drawn.reserve(count);
  for (std::uint64_t j = n - count; j < n; ++j) {
    std::uint64_t t = rng.Below(j + 1);
    if (!drawn.insert(t).second) {
      t = j;
      drawn.insert(t);
    }
    out->push_back(static_cast<std::uint32_t>(begin + t));
  }
}

// Fills `pairs` (its size: the chunk's pair count) with random pairs drawn
// tile by tile, as Splink samples (all pairs among a random set of
// records), so that a tile's records are read from memory once rather than
// once per pair. Tiles are drawn until the chunk is full; the last tile's
// pairs are taken in order (i < j, row by row) up to the count.
void DrawTiledPairs(Rng& rng, LinkType link_type, std::uint64_t n, std::uint64_t left,
                    std::span<std::pair<std::uint32_t, std::uint32_t>> pairs) {
  std::vector<std::uint32_t> a_side, b_side;
  std::size_t filled = 0;
  while (filled < pairs.size()) {
    if (link_type == LinkType::kLinkOnly) {
      DrawDistinct(rng, 0, left, std::min(kLinkTile, left), &a_side);
      DrawDistinct(rng, left, n - left, std::min(kLinkTile, n - left), &b_side);
      for (std::size_t i = 0; i < a_side.size() && filled < pairs.size(); ++i) {
        for (std::size_t j = 0; j < b_side.size() && filled < pairs.size(); ++j) {
          pairs[filled++] = {a_side[i], b_side[j]};
        }
      }
    } else {
      DrawDistinct(rng, 0, n, std::min(kDedupeTile, n), &a_side);
      for (std::size_t i = 0; i < a_side.size() && filled < pairs.size(); ++i) {
        for (std::size_t j = i + 1; j < a_side.size() && filled < pairs.size(); ++j) {
          pairs[filled++] = {a_side[i], a_side[j]};
        }
      }
    }
  }
}

LevelProbabilities DefaultM(const std::vector<ComparisonSpec>& comparisons) {
  // Splink's starting values: 0.95 for the most similar level, the rest
  // shared equally by the other non-null levels.
  LevelProbabilities m(comparisons.size());
  for (std::size_t c = 0; c < comparisons.size(); ++c) {
    const std::size_t levels = comparisons[c].levels.size();
    m[c].assign(levels, 0.0);
    if (levels < 2) continue;
    if (levels == 2) {
      m[c][1] = 1.0;
      continue;
    }
    m[c][1] = 0.95;
    for (std::size_t l = 2; l < levels; ++l) {
      m[c][l] = 0.05 / static_cast<double>(levels - 2);
    }
  }
  return m;
}

// A session's m estimates as {"comparison": [m of level 1, 2, ...]} for the
// comparisons it estimated.
nlohmann::json SessionM(const std::vector<ComparisonSpec>& comparisons,
                        const std::vector<bool>& active,
                        const LevelProbabilities& m) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t c = 0; c < comparisons.size(); ++c) {
    if (!active[c]) continue;
    out[comparisons[c].output_column_name] =
        std::vector<double>(m[c].begin() + 1, m[c].end());
  }
  return out;
}

// The median of `values` (mean of the middle two for an even count).
double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

std::string Fmt(double x) { return absl::StrFormat("%.6g", x); }

}  // namespace

absl::StatusOr<USample> EstimateU(const PreparedComparisons& comparisons,
                                  const RecordTable& table, LinkType link_type,
                                  const TrainingSettings& settings) {
  const std::uint64_t n = table.num_records();
  const std::uint64_t left = link_type == LinkType::kLinkOnly
                                 ? table.source_begin(1)
                                 : n;
  if (link_type == LinkType::kLinkOnly && (left == 0 || left == n)) {
    return absl::InvalidArgumentError("linking needs records on both sides");
  }
  if (n < 2) return absl::InvalidArgumentError("u sampling needs at least two records");
  const std::size_t num_comparisons = comparisons.size();
  USample sample;
  sample.level_counts.assign(num_comparisons, std::vector<std::uint64_t>(kMaxLevels, 0));
  const std::uint64_t max_pairs = std::max<std::uint64_t>(settings.max_pairs_for_u, 1);
  const std::uint64_t total_chunks = (max_pairs + kChunkPairs - 1) / kChunkPairs;

  struct Local {
    explicit Local(std::size_t c) : counts(c * kMaxLevels, 0), pairs(kChunkPairs) {}
    std::vector<std::uint64_t> counts;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;  // a chunk's
  };
  for (std::uint64_t round_begin = 0; round_begin < total_chunks;
       round_begin += kChunksPerRound) {
    const std::uint64_t round_end = std::min(total_chunks, round_begin + kChunksPerRound);
    tbb::enumerable_thread_specific<Local> locals([&] { return Local(num_comparisons); });
    tbb::parallel_for(
        tbb::blocked_range<std::uint64_t>(round_begin, round_end, 1),
        [&](const tbb::blocked_range<std::uint64_t>& range) {
          Local& local = locals.local();
          for (std::uint64_t chunk = range.begin(); chunk != range.end(); ++chunk) {
            Rng rng(HashCombine(settings.seed, chunk));
            const std::uint64_t pairs =
                std::min(kChunkPairs, max_pairs - chunk * kChunkPairs);
            DrawTiledPairs(rng, link_type, n, left,
                           std::span(local.pairs.data(), static_cast<std::size_t>(pairs)));
            // u is per comparison (a level's share of the pairs), so each
            // comparison takes the chunk's pairs in a loop of its own: one
            // comparison's branches over and over predict far better than
            // nine in turn. The tile's rows stay cached across the loops;
            // the first loop fetches them.
            for (std::size_t c = 0; c < num_comparisons; ++c) {
              std::uint64_t* counts = &local.counts[c * kMaxLevels];
              // Levels the two value ids settle (a null, one value under an
              // "exact" first level, two values under null/exact/else) are
              // read from the record rows, when built, without the level
              // machinery (UnsettledLevel() for the others).
              const int slot = comparisons.RowSlot(comparisons.column_index(c));
              const auto count = [&](std::size_t i) {
                const auto [a, b] = local.pairs[i];
                if (slot < 0) {
                  ++counts[comparisons.LevelUncached(c, a, b)];
                  return;
                }
                const std::uint32_t va = comparisons.Row(a)[slot];
                const std::uint32_t vb = comparisons.Row(b)[slot];
                const int level = comparisons.SettledLevel(c, va, vb);
                ++counts[level >= 0 ? level
                                    : comparisons.UnsettledLevel(c, a, b, va, vb, nullptr)];
              };
              if (c == 0) {
                comparisons.ForEachPrefetched(
                    pairs, [&](std::size_t i) { return local.pairs[i]; }, count);
              } else {
                for (std::size_t i = 0; i < pairs; ++i) count(i);
              }
            }
          }
        });
    for (const Local& local : locals) {
      for (std::size_t c = 0; c < num_comparisons; ++c) {
        for (std::size_t l = 0; l < kMaxLevels; ++l) {
          sample.level_counts[c][l] += local.counts[c * kMaxLevels + l];
        }
      }
    }
    sample.pairs = std::min(max_pairs, round_end * kChunkPairs);
    if (sample.pairs >= kMinUPairs) {
      bool enough = true;
      for (std::size_t c = 0; c < num_comparisons && enough; ++c) {
        const std::size_t levels = comparisons.spec(c).levels.size();
        for (std::size_t l = 1; l < levels; ++l) {
          if (sample.level_counts[c][l] < settings.min_u_observations) enough = false;
        }
      }
      if (enough) break;
    }
  }
  sample.u.resize(num_comparisons);
  for (std::size_t c = 0; c < num_comparisons; ++c) {
    const std::size_t levels = comparisons.spec(c).levels.size();
    double non_null = 0;
    for (std::size_t l = 1; l < levels; ++l) {
      non_null += std::max(0.5, static_cast<double>(sample.level_counts[c][l]));
    }
    sample.u[c].assign(levels, 0.0);
    for (std::size_t l = 1; l < levels; ++l) {
      sample.u[c][l] =
          std::max(0.5, static_cast<double>(sample.level_counts[c][l])) / non_null;
    }
  }
  return sample;
}

absl::StatusOr<LambdaEstimate> EstimateLambda(const BlockingRules& deterministic_rules,
                                              const RecordTable& table,
                                              LinkType link_type, double recall,
                                              KeyHashCache* key_cache) {
  absl::StatusOr<BlockingKeys> keys = deterministic_rules.ComputeKeys(table, key_cache);
  if (!keys.ok()) return keys.status();
  CountOptions options;
  options.link_type = link_type;
  options.num_left = link_type == LinkType::kDedupeOnly
                         ? 0
                         : table.source_begin(1);
  options.largest_blocks = 0;
  absl::StatusOr<ComparisonCounts> counts = CountComparisons(*keys, options);
  if (!counts.ok()) return counts.status();
  LambdaEstimate estimate;
  estimate.matched_pairs = counts->total_pairs;
  estimate.possible_pairs = counts->all_pairs;
  estimate.recall = recall;
  if (estimate.possible_pairs == 0) {
    return absl::InvalidArgumentError("no possible pairs: too few records");
  }
  if (estimate.matched_pairs == 0) {
    return absl::FailedPreconditionError(
        "the deterministic rules match no pair, so lambda cannot be estimated; "
        "loosen training.deterministic_rules or set "
        "probability_two_random_records_match");
  }
  estimate.lambda = std::min(
      0.5, static_cast<double>(estimate.matched_pairs) / recall /
               static_cast<double>(estimate.possible_pairs));
  return estimate;
}

absl::StatusOr<PatternCounts> CountPatterns(const PreparedComparisons& comparisons,
                                            const BlockingKeys& keys,
                                            const CandidateOptions& options) {
  struct Local {
    explicit Local(std::size_t c) : cache(c) {}
    LevelCache cache;
    absl::flat_hash_map<Pattern, std::uint64_t> counts;
  };
  tbb::enumerable_thread_specific<Local> locals(
      [&] { return Local(comparisons.size()); });
  absl::StatusOr<CandidateStats> stats = GenerateCandidates(
      keys, options, [&](std::size_t, std::span<const CandidatePair> batch) {
        Local& local = locals.local();
        comparisons.ForEachPrefetched(
            batch.size(),
            [&](std::size_t i) { return std::pair(batch[i].left, batch[i].right); },
            [&](std::size_t i) {
              ++local.counts[comparisons.Compare(batch[i].left, batch[i].right,
                                                 local.cache)];
            });
      });
  if (!stats.ok()) return stats.status();
  absl::flat_hash_map<Pattern, std::uint64_t> merged;
  for (const Local& local : locals) {
    for (const auto& [pattern, count] : local.counts) merged[pattern] += count;
  }
  PatternCounts out(merged.begin(), merged.end());
  std::sort(out.begin(), out.end());
  return out;
}

EmResult RunEm(const PatternCounts& counts, std::span<const int> levels,
               const std::vector<bool>& active, LevelProbabilities m,
               const LevelProbabilities& u, double lambda, int max_iterations,
               double convergence) {
  const std::size_t num_comparisons = levels.size();
  EmResult result;
  // Logs of u, fixed.
  LevelProbabilities log_u(num_comparisons);
  for (std::size_t c = 0; c < num_comparisons; ++c) {
    log_u[c].resize(levels[c]);
    for (int l = 1; l < levels[c]; ++l) log_u[c][l] = std::log(std::max(u[c][l], 1e-300));
  }
  LevelProbabilities expected(num_comparisons);
  for (int iteration = 1; iteration <= max_iterations; ++iteration) {
    LevelProbabilities log_m(num_comparisons);
    for (std::size_t c = 0; c < num_comparisons; ++c) {
      log_m[c].resize(levels[c]);
      for (int l = 1; l < levels[c]; ++l) log_m[c][l] = std::log(std::max(m[c][l], 1e-300));
      expected[c].assign(levels[c], 0.0);
    }
    double total = 0, total_match = 0;
    const double log_lambda = std::log(lambda), log_not = std::log1p(-lambda);
    for (const auto& [pattern, count] : counts) {
      double log_match = log_lambda, log_non = log_not;
      for (std::size_t c = 0; c < num_comparisons; ++c) {
        if (!active[c]) continue;
        const int l = LevelOf(pattern, c);
        if (l == 0) continue;
        log_match += log_m[c][l];
        log_non += log_u[c][l];
      }
      // P(match | pattern), computed stably.
      const double p = 1.0 / (1.0 + std::exp(log_non - log_match));
      const double n = static_cast<double>(count);
      total += n;
      total_match += n * p;
      for (std::size_t c = 0; c < num_comparisons; ++c) {
        if (!active[c]) continue;
        const int l = LevelOf(pattern, c);
        if (l != 0) expected[c][l] += n * p;
      }
    }
    double max_change = 0;
    for (std::size_t c = 0; c < num_comparisons; ++c) {
      if (!active[c]) continue;
      double sum = 0;
      for (int l = 1; l < levels[c]; ++l) sum += expected[c][l];
      if (sum <= 0) continue;
      for (int l = 1; l < levels[c]; ++l) {
        const double updated = expected[c][l] / sum;
        max_change = std::max(max_change, std::fabs(updated - m[c][l]));
        m[c][l] = updated;
      }
    }
    if (total > 0) {
      lambda = std::clamp(total_match / total, 1e-9, 1 - 1e-9);
    }
    result.iterations.push_back({iteration, lambda, max_change});
    if (max_change < convergence) {
      result.converged = true;
      break;
    }
  }
  result.m = std::move(m);
  result.lambda = lambda;
  return result;
}

absl::StatusOr<LevelProbabilities> EstimateMFromTruth(
    const PreparedComparisons& comparisons, const RecordTable& table,
    std::span<const std::string> truth, std::uint64_t* pairs) {
  if (truth.size() != table.num_records()) {
    return absl::InvalidArgumentError("truth must have one entry per record");
  }
  // Records grouped by cluster id, in order of first appearance.
  absl::flat_hash_map<std::string, std::vector<std::uint32_t>> clusters;
  std::vector<std::string> order;
  for (std::uint32_t r = 0; r < truth.size(); ++r) {
    if (truth[r].empty()) continue;
    auto [it, added] = clusters.try_emplace(truth[r]);
    if (added) order.push_back(truth[r]);
    it->second.push_back(r);
  }
  const std::size_t num_comparisons = comparisons.size();
  std::vector<std::vector<std::uint64_t>> counts(
      num_comparisons, std::vector<std::uint64_t>(kMaxLevels, 0));
  LevelCache cache(num_comparisons);
  *pairs = 0;
  for (const std::string& id : order) {
    const std::vector<std::uint32_t>& members = clusters[id];
    for (std::size_t i = 0; i < members.size(); ++i) {
      for (std::size_t j = i + 1; j < members.size(); ++j) {
        const Pattern pattern = comparisons.Compare(members[i], members[j], cache);
        for (std::size_t c = 0; c < num_comparisons; ++c) {
          ++counts[c][LevelOf(pattern, c)];
        }
        ++*pairs;
      }
    }
  }
  if (*pairs == 0) {
    return absl::FailedPreconditionError("the truth column has no matching pair");
  }
  LevelProbabilities m(num_comparisons);
  for (std::size_t c = 0; c < num_comparisons; ++c) {
    const std::size_t levels = comparisons.spec(c).levels.size();
    double non_null = 0;
    for (std::size_t l = 1; l < levels; ++l) {
      non_null += std::max(0.5, static_cast<double>(counts[c][l]));
    }
    m[c].assign(levels, 0.0);
    for (std::size_t l = 1; l < levels; ++l) {
      m[c][l] = std::max(0.5, static_cast<double>(counts[c][l])) / non_null;
    }
  }
  return m;
}

absl::StatusOr<std::map<std::string, TermFrequencyTable>> TermFrequencyTables(
    const Model& model, const RecordTable& table) {
  std::map<std::string, TermFrequencyTable> out;
  for (const ComparisonSpec& spec : model.comparisons()) {
    for (const LevelSpec& level : spec.levels) {
      const std::string& name = level.tf_adjustment_column;
      if (name.empty() || out.count(name) > 0) continue;
      const std::optional<std::size_t> column = table.FindColumn(name);
      if (!column) {
        return absl::InvalidArgumentError(absl::StrCat(
            "tf_adjustment_column \"", name, "\" is not in the table"));
      }
      const Dictionary& dict = table.column(*column).dictionary;
      TermFrequencyTable tf;
      tf.non_null = dict.non_null_count();
      for (std::uint32_t v = 0; v < dict.size(); ++v) {
        if (dict.count(v) >= 2) tf.counts[ToAbsl(dict.value(v))] = dict.count(v);
      }
      out[name] = std::move(tf);
    }
  }
  return out;
}

absl::StatusOr<TrainingReport> Train(const RecordTable& table, Model* model,
                                     const TrainOptions& options) {
  auto log = [&](const std::string& line) {
    if (options.log) options.log(line);
  };
  const TrainingSettings& settings = model->training();
  std::optional<PreparedComparisons> own;
  PreparedComparisons* prepared = options.prepared;
  if (prepared == nullptr) {
    absl::StatusOr<PreparedComparisons> created =
        PreparedComparisons::Create(model->comparisons(), table);
    if (!created.ok()) return created.status();
    prepared = &own.emplace(*std::move(created));
  }
  prepared->BuildRecordRows();
  const std::size_t num_comparisons = prepared->size();
  std::vector<int> levels(num_comparisons);
  for (std::size_t c = 0; c < num_comparisons; ++c) {
    levels[c] = static_cast<int>(model->comparisons()[c].levels.size());
  }
  TrainingReport report;
  nlohmann::json& json = report.json;
  json["seed"] = settings.seed;
  const std::uint32_t num_left =
      model->link_type() == LinkType::kDedupeOnly ? 0 : table.source_begin(1);

  // 1. u.
  log("training: estimating u by random sampling");
  absl::StatusOr<USample> u = EstimateU(*prepared, table, model->link_type(), settings);
  if (!u.ok()) return u.status();
  log(absl::StrCat("training: u from ", u->pairs, " random pairs"));
  json["u_pairs_sampled"] = u->pairs;

  // 2. lambda.
  if (!settings.deterministic_rules.is_null()) {
    absl::StatusOr<BlockingRules> rules = BlockingRules::Create(
        settings.deterministic_rules, model->schema(), "$.training.deterministic_rules");
    if (!rules.ok()) return rules.status();
    absl::StatusOr<LambdaEstimate> lambda =
        EstimateLambda(*rules, table, model->link_type(), settings.recall, options.key_cache);
    if (!lambda.ok()) return lambda.status();
    model->set_lambda(lambda->lambda);
    log(absl::StrCat("training: lambda = ", Fmt(lambda->lambda), " (",
                     lambda->matched_pairs, " pairs match the deterministic rules, recall ",
                     Fmt(settings.recall), ", of ", lambda->possible_pairs, " pairs)"));
    json["lambda"] = {{"matched_pairs", lambda->matched_pairs},
                      {"possible_pairs", lambda->possible_pairs},
                      {"recall", settings.recall},
                      {"lambda", lambda->lambda}};
  } else if (!model->lambda()) {
    return absl::FailedPreconditionError(
        "set probability_two_random_records_match or "
        "training.deterministic_rules to estimate it");
  }

  // 3 or 4. m.
  LevelProbabilities m_final(num_comparisons);
  if (!options.truth.empty()) {
    std::uint64_t pairs = 0;
    absl::StatusOr<LevelProbabilities> m =
        EstimateMFromTruth(*prepared, table, options.truth, &pairs);
    if (!m.ok()) return m.status();
    m_final = *std::move(m);
    log(absl::StrCat("training: m from ", pairs, " true matching pairs"));
    json["m_from_truth_pairs"] = pairs;
  } else {
    nlohmann::json rules_json = settings.em_blocking_rules.is_null()
                                    ? model->config().document.at(
                                          "blocking_rules_to_generate_predictions")
                                    : settings.em_blocking_rules;
    absl::StatusOr<BlockingRules> em_rules = BlockingRules::Create(
        rules_json, model->schema(), "$.training.em_blocking_rules");
    if (!em_rules.ok()) return em_rules.status();
    LevelProbabilities initial = DefaultM(model->comparisons());
    for (std::size_t c = 0; c < num_comparisons; ++c) {
      const ComparisonSpec& spec = model->comparisons()[c];
      bool all_set = true;
      for (std::size_t l = 1; l < spec.levels.size(); ++l) {
        all_set = all_set && spec.levels[l].m_probability.has_value();
      }
      if (all_set) {
        for (std::size_t l = 1; l < spec.levels.size(); ++l) {
          initial[c][l] = *spec.levels[l].m_probability;
        }
      }
    }
    // As Splink: each session starts from the current estimates (the
    // medians of the sessions so far), and the final m of a level is the
    // median of its sessions' estimates.
    LevelProbabilities current = initial;
    std::vector<std::vector<std::vector<double>>> estimates(num_comparisons);
    std::vector<int> sessions(num_comparisons, 0);
    for (std::size_t c = 0; c < num_comparisons; ++c) estimates[c].resize(levels[c]);
    // The sessions' pattern counts do not depend on one another (only their
    // EM runs do, through `current`): counted for all sessions at once, so
    // that one session's serial steps (grouping keys into blocks) overlap
    // another's counting. Each is deterministic, whatever the interleaving.
    const std::size_t num_sessions = em_rules->num_rules();
    log(absl::StrCat("training: counting the agreement patterns of ", num_sessions,
                     " EM sessions"));
    std::vector<absl::StatusOr<PatternCounts>> session_counts(num_sessions);
    tbb::parallel_for(std::size_t{0}, num_sessions, [&](std::size_t r) {
      // This session's blocking rule alone.
      nlohmann::json one = nlohmann::json::array({rules_json[r]});
      absl::StatusOr<BlockingRules> rule =
          BlockingRules::Create(one, model->schema(), "$.training.em_blocking_rules");
      if (!rule.ok()) {
        session_counts[r] = rule.status();
        return;
      }
      absl::StatusOr<BlockingKeys> keys = rule->ComputeKeys(table, options.key_cache);
      if (!keys.ok()) {
        session_counts[r] = keys.status();
        return;
      }
      CandidateOptions candidate_options;
      candidate_options.link_type = model->link_type();
      candidate_options.num_left = num_left;
      session_counts[r] = CountPatterns(*prepared, *keys, candidate_options);
    });
    nlohmann::json sessions_json = nlohmann::json::array();
    for (std::size_t r = 0; r < num_sessions; ++r) {
      const absl::StatusOr<PatternCounts>& counts = session_counts[r];
      if (!counts.ok()) return counts.status();
      std::uint64_t pairs = 0;
      for (const auto& [pattern, count] : *counts) pairs += count;
      std::set<std::string> rule_columns;
      for (const BlockingKeySpec& key : em_rules->rule(r)) rule_columns.insert(key.column);
      std::vector<bool> active(num_comparisons);
      std::vector<std::string> fixed;
      for (std::size_t c = 0; c < num_comparisons; ++c) {
        bool uses = false;
        for (const std::string& col : model->comparisons()[c].columns_used()) {
          uses = uses || rule_columns.count(col) > 0;
        }
        active[c] = !uses;
        if (uses) fixed.push_back(model->comparisons()[c].output_column_name);
      }
      const std::string description = em_rules->Describe(r);
      if (pairs == 0) {
        log(absl::StrCat("training: EM session ", r + 1, " (", description,
                         "): no candidate pairs; skipped"));
        continue;
      }
      // Start from the match rate the prior implies among these pairs.
      const double possible =
          model->link_type() == LinkType::kLinkOnly
              ? static_cast<double>(num_left) * (table.num_records() - num_left)
              : static_cast<double>(table.num_records()) * (table.num_records() - 1) / 2;
      const double start_lambda =
          std::clamp(*model->lambda() * possible / static_cast<double>(pairs), 1e-4, 0.5);
      EmResult em = RunEm(*counts, levels, active, current, u->u, start_lambda,
                          settings.em_max_iterations, settings.em_convergence);
      log(absl::StrCat("training: EM session ", r + 1, " (", description, "): ",
                       pairs, " pairs, ", counts->size(), " patterns, ",
                       em.iterations.size(), " iterations, ",
                       em.converged ? "converged" : "NOT converged",
                       ", max m change ",
                       Fmt(em.iterations.empty() ? 0 : em.iterations.back().max_m_change)));
      nlohmann::json iterations = nlohmann::json::array();
      for (const EmIteration& it : em.iterations) {
        iterations.push_back({{"iteration", it.iteration},
                              {"lambda", it.lambda},
                              {"max_m_change", it.max_m_change}});
      }
      sessions_json.push_back({{"blocking_rule", description},
                               {"pairs", pairs},
                               {"patterns", counts->size()},
                               {"fixed_comparisons", fixed},
                               {"converged", em.converged},
                               {"iterations", iterations},
                               {"m", SessionM(model->comparisons(), active, em.m)}});
      for (std::size_t c = 0; c < num_comparisons; ++c) {
        if (!active[c]) continue;
        ++sessions[c];
        for (int l = 1; l < levels[c]; ++l) {
          estimates[c][l].push_back(em.m[c][l]);
          current[c][l] = Median(estimates[c][l]);
        }
      }
    }
    json["em_sessions"] = std::move(sessions_json);
    for (std::size_t c = 0; c < num_comparisons; ++c) {
      if (sessions[c] == 0) {
        return absl::FailedPreconditionError(absl::StrCat(
            "comparison \"", model->comparisons()[c].output_column_name,
            "\" reads a column of every EM blocking rule, so its m cannot be "
            "estimated; add an EM blocking rule that does not use it"));
      }
      m_final[c].assign(levels[c], 0.0);
      for (int l = 1; l < levels[c]; ++l) m_final[c][l] = current[c][l];
    }
  }
  for (std::size_t c = 0; c < num_comparisons; ++c) {
    ComparisonSpec& spec = model->mutable_comparisons()[c];
    for (int l = 1; l < levels[c]; ++l) {
      spec.levels[l].m_probability = m_final[c][l];
      spec.levels[l].u_probability = u->u[c][l];
    }
  }
  absl::StatusOr<std::map<std::string, TermFrequencyTable>> tf =
      TermFrequencyTables(*model, table);
  if (!tf.ok()) return tf.status();
  model->set_term_frequencies(*std::move(tf));
  return report;
}

}  // namespace linkage
