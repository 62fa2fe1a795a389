// Copyright 2026 The Linkage Authors.
#include "linkage/matcher.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <mutex>
#include <numeric>
#include <shared_mutex>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/numbers.h"
#include "base/status_macros.h"
#include "base/string_view.h"
#include "blocking/key_hash.h"
#include "linkage/comparison.h"
#include "linkage/hard_rules.h"
#include "linkage/internal/matcher_table.h"
#include "linkage/memory_store.h"
#include "tbb/blocked_range.h"
#include "tbb/parallel_for.h"

namespace linkage {
namespace {

constexpr std::string_view kNextClusterMeta = "next_cluster";

std::string ClusterName(std::uint64_t number) {
  return absl::StrFormat("C%010d", number);
}

// The number of a "C0000000042" id, or 0 for any other shape.
std::uint64_t ClusterNumber(std::string_view id) {
  if (id.size() < 2 || id[0] != 'C') return 0;
  std::uint64_t n = 0;
  for (char ch : id.substr(1)) {
    if (ch < '0' || ch > '9') return 0;
    n = n * 10 + static_cast<std::uint64_t>(ch - '0');
  }
  return n;
}

// Raw fields packed as (column u32, length u32, bytes)*: one allocation per
// record instead of one per field.
std::string PackFields(std::span<const std::pair<std::size_t, std::string_view>> fields) {
  std::string out;
  for (const auto& [column, value] : fields) {
    const auto c = static_cast<std::uint32_t>(column);
    const auto n = static_cast<std::uint32_t>(value.size());
    out.append(reinterpret_cast<const char*>(&c), 4);
    out.append(reinterpret_cast<const char*>(&n), 4);
    out.append(value);
  }
  return out;
}

bool IsEdge(const PairDecision& d, const ClusterSettings& settings) {
  if (d.reason == DecisionReason::kMustLink) return true;
  return d.decision == Decision::kMatch && d.weight >= settings.threshold_weight;
}

// Small union-find over positions 0..n-1.
struct UnionFind {
  std::vector<std::uint32_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) {
    std::iota(parent.begin(), parent.end(), 0u);
  }
  std::uint32_t Find(std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void Union(std::uint32_t a, std::uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

}  // namespace

class Matcher::Impl {
 public:
  // A normalised record (query or write) with everything computed outside
  // the lock: values and features, blocking keys, its own term frequencies.
  struct Prepared {
    QueryRecord query;
    std::vector<std::uint64_t> keys;     // per prediction rule
    std::vector<double> log2_tf;         // per tf level
    std::vector<std::uint32_t> ids;      // per column, resolved under the lock
    std::vector<FieldIssue> issues;
    // Raw fields accepted (column index, value), id column dropped.
    std::vector<std::pair<std::size_t, std::string_view>> fields;
  };

  // The changes one write makes, computed before anything is applied.
  struct Plan {
    // Other records' new cluster ids.
    absl::flat_hash_map<std::uint32_t, std::string> moved;
    // Full membership (other records only) of every cluster the plan
    // changed; empty = the cluster is gone.
    absl::flat_hash_map<std::string, std::vector<std::uint32_t>> touched;
    std::string cluster;  // the written record's cluster
    std::vector<ClusterEvent> events;
    std::uint64_t next_cluster = 0;
  };

  Impl(Model model, DecisionSettings settings, MatcherOptions options)
      : model_(std::move(model)),
        settings_(std::move(settings)),
        options_(std::move(options)) {}

  absl::Status Init(std::unique_ptr<Store> store);

  absl::StatusOr<MatchResult> Match(const RecordFields& query,
                                    const MatchOptions& options) const;
  absl::StatusOr<WriteResult> Write(const StoredRecord& record, int mode);
  absl::StatusOr<WriteResult> Remove(std::string_view record_id);
  absl::StatusOr<std::vector<WriteResult>> AddBatch(
      const std::vector<StoredRecord>& records);
  std::optional<StoredRecord> Get(std::string_view record_id) const;
  std::vector<std::pair<std::string, std::string>> Clusters() const;
  MatcherStats Stats() const;

  const Model& model() const noexcept { return model_; }
  const std::string& model_version() const noexcept { return model_version_; }

  // Modes of Write().
  static constexpr int kAdd = 0, kUpdate = 1, kUpsert = 2;

 private:
  struct TfLevel {
    std::size_t column = 0;
    const TermFrequencyTable* table = nullptr;
    std::vector<double> log2_tf;  // per dictionary value of `column`
    double log2_tf_min = -std::numeric_limits<double>::infinity();
    double log2_u_exact = 0;
    double weight = 1;
  };
  struct Slot {
    bool alive = false;
    std::uint64_t order = 0;  // position in the store's order
    std::string raw;          // PackFields
    std::string cluster;
  };

  // Outside any lock.
  absl::StatusOr<Prepared> Prepare(const RecordFields& fields) const;
  // Under the lock (shared or writer).
  void Resolve(Prepared& p) const;
  void Candidates(const Prepared& p, std::uint32_t exclude,
                  std::vector<std::uint32_t>* out, std::size_t* skipped) const;
  double QueryWeight(const Prepared& p, Pattern pattern, std::uint32_t slot) const;
  // The TF adjustment of tf level t for the query and `slot`.
  double QueryTf(const Prepared& p, int t, std::uint32_t slot) const;
  double RecordWeight(Pattern pattern, std::uint32_t a, std::uint32_t b) const;
  PairDecision DecideQuery(const Prepared& p, std::uint32_t slot, double weight) const;
  bool SharesBlock(std::uint32_t a, std::uint32_t b) const;
  const std::string& ClusterOf(const Plan& plan, std::uint32_t slot) const;
  const std::vector<std::uint32_t>& MembersOf(const Plan& plan,
                                              const std::string& cluster) const;
  std::string NewCluster(Plan& plan) const;
  // Removal of `slot` from its cluster. Returns true if the cluster is left
  // empty (then nothing is planned for it yet).
  bool PlanRemoval(std::uint32_t slot, const std::string& record_id, Plan& plan) const;
  void PlanAddition(const Prepared& p, std::uint32_t exclude,
                    const std::string* carried_cluster, const std::string& record_id,
                    Plan& plan) const;
  RegisterWrite MakeWrite(RegisterWrite::Kind kind, const std::string& id,
                          const RecordFields& fields, const Plan& plan) const;
  // Under the exclusive lock.
  void ApplyRemoval(std::uint32_t slot);
  std::uint32_t ApplyAddition(const Prepared& p, const std::string& id,
                              std::uint64_t order, const std::string& cluster);
  void ApplyPlan(const Plan& plan);
  // Sequence numbers for `events` just stored.
  void FillSequences(std::span<ClusterEvent*> events);
  absl::Status Rebuild();
  absl::Status LoadFromStore();
  RecordFields UnpackFields(const std::string& raw) const;

  Model model_;
  DecisionSettings settings_;
  MatcherOptions options_;
  std::unique_ptr<Store> store_;
  std::string model_version_;
  std::string id_column_;
  std::vector<std::unique_ptr<Normaliser>> normalisers_;
  std::vector<std::string> column_names_;
  // Immutable after Init, read by Prepare() outside the lock: the columns'
  // names and parts (no values) for key transforms, and comparisons over the
  // empty table for query features.
  std::vector<Column> key_columns_;
  PreparedComparisons query_features_;
  std::size_t num_rules_ = 0;
  std::vector<std::vector<std::size_t>> rule_columns_;  // per rule, per key
  // Scoring.
  double prior_weight_ = 0;
  std::vector<double> weights_;   // [c * kMaxLevels + level]
  std::vector<int> tf_of_level_;  // [c * kMaxLevels + level] -> tf_levels_ or -1
  std::vector<TfLevel> tf_levels_;

  mutable std::shared_mutex mu_;  // readers shared; apply exclusive
  std::mutex write_mu_;           // serialises writers
  // Guarded by mu_ (written only by a writer holding write_mu_ and mu_).
  RecordTable table_;
  PreparedComparisons prepared_;
  BoundHardRules hard_rules_;
  std::vector<absl::flat_hash_map<std::string, std::uint32_t>> value_ids_;
  // Most blocks hold one or two records: keep those inline, no allocation.
  using Block = absl::InlinedVector<std::uint32_t, 2>;
  std::vector<absl::flat_hash_map<std::uint64_t, Block>> index_;
  std::vector<std::uint64_t> slot_keys_;  // [slot * num_rules + rule]
  std::vector<Slot> slots_;
  absl::flat_hash_map<std::string, std::uint32_t> slot_of_;
  absl::flat_hash_map<std::string, std::vector<std::uint32_t>> clusters_;
  std::uint64_t next_cluster_ = 1;
  std::uint64_t next_order_ = 0;
  std::uint64_t last_sequence_ = 0;
};

absl::Status Matcher::Impl::Init(std::unique_ptr<Store> store) {
  store_ = store ? std::move(store) : MemoryStore::Create();
  id_column_ = model_.config().unique_id_column;
  model_version_ = absl::StrFormat("%016x", HashBytes(model_.ToJson().dump()));
  LINKAGE_ASSIGN_OR_RETURN(std::vector<RecordTableBuilder::ColumnSpec> specs,
                           model_.MakeColumnSpecs());
  table_ = internal::RecordTableMutator::Empty(specs);
  for (RecordTableBuilder::ColumnSpec& spec : specs) {
    column_names_.push_back(spec.name);
    normalisers_.push_back(std::move(spec.normaliser));
  }
  value_ids_.resize(column_names_.size());
  for (std::size_t c = 0; c < table_.num_columns(); ++c) {
    Column column;
    column.name = table_.column(c).name;
    column.part_names = table_.column(c).part_names;
    key_columns_.push_back(std::move(column));
  }
  LINKAGE_ASSIGN_OR_RETURN(prepared_,
                           PreparedComparisons::Create(model_.comparisons(), table_));
  query_features_ = prepared_;
  LINKAGE_ASSIGN_OR_RETURN(hard_rules_, settings_.hard_rules.Bind(table_));
  const BlockingRules& rules = model_.prediction_rules();
  num_rules_ = rules.num_rules();
  index_.resize(num_rules_);
  for (std::size_t r = 0; r < num_rules_; ++r) {
    std::vector<std::size_t> columns;
    for (const BlockingKeySpec& key : rules.rule(r)) {
      const auto c = table_.FindColumn(key.column);
      if (!c) {
        return absl::InvalidArgumentError(absl::StrCat(
            "blocking rule ", r, " names column \"", key.column, "\", which the model lacks"));
      }
      columns.push_back(*c);
    }
    rule_columns_.push_back(std::move(columns));
  }
  // Weights exactly as Scorer::Create computes them; term frequencies from
  // the model's tables.
  LevelWeights params = ComputeLevelWeights(model_);
  prior_weight_ = params.prior_weight;
  weights_ = std::move(params.weights);
  tf_of_level_.assign(weights_.size(), -1);
  for (std::size_t index = 0; index < params.tf.size(); ++index) {
    if (!params.tf[index]) continue;
    const TfLevelParams& p = *params.tf[index];
    auto table = model_.term_frequencies().find(p.column);
    if (table == model_.term_frequencies().end()) continue;  // no table: no TF
    const auto column = table_.FindColumn(p.column);
    if (!column) {
      return absl::InvalidArgumentError(absl::StrCat(
          "tf_adjustment_column \"", p.column, "\" is not a configured column"));
    }
    TfLevel tf;
    tf.column = *column;
    tf.table = &table->second;
    tf.log2_tf_min = p.log2_tf_min;
    tf.log2_u_exact = p.log2_u_exact;
    tf.weight = p.weight;
    tf_of_level_[index] = static_cast<int>(tf_levels_.size());
    tf_levels_.push_back(std::move(tf));
  }
  return LoadFromStore();
}

absl::Status Matcher::Impl::LoadFromStore() {
  auto log = [&](const std::string& line) {
    if (options_.log) options_.log(line);
  };
  // Records are normalised in parallel chunks, then applied in store order.
  constexpr std::size_t kChunk = 1 << 16;
  std::vector<StoredRecord> chunk;
  std::uint64_t loaded = 0;
  std::uint64_t max_cluster = 0;
  auto flush = [&]() -> absl::Status {
    std::vector<absl::StatusOr<Prepared>> prepared(chunk.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, chunk.size(), 256),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t i = range.begin(); i != range.end(); ++i) {
                          prepared[i] = Prepare(chunk[i].fields);
                        }
                      });
    std::unique_lock<std::shared_mutex> lock(mu_);
    for (std::size_t i = 0; i < chunk.size(); ++i) {
      const StoredRecord& record = chunk[i];
      if (!prepared[i].ok()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "stored record \"", record.id, "\": ", prepared[i].status().message()));
      }
      if (record.id.empty() || slot_of_.contains(record.id)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "stored record \"", record.id, "\": empty or duplicate id"));
      }
      if (record.cluster_id.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("stored record \"", record.id, "\" has no cluster id"));
      }
      Prepared& p = *prepared[i];
      Resolve(p);
      const std::uint32_t slot = ApplyAddition(p, record.id, next_order_++, record.cluster_id);
      clusters_[record.cluster_id].push_back(slot);
      max_cluster = std::max(max_cluster, ClusterNumber(record.cluster_id));
    }
    loaded += chunk.size();
    log(absl::StrCat("matcher: loaded ", loaded, " records"));
    chunk.clear();
    return absl::OkStatus();
  };
  LINKAGE_RETURN_IF_ERROR(store_->Load([&](const StoredRecord& record) -> absl::Status {
    chunk.push_back(record);
    if (chunk.size() == kChunk) return flush();
    return absl::OkStatus();
  }));
  LINKAGE_RETURN_IF_ERROR(flush());
  LINKAGE_ASSIGN_OR_RETURN(std::optional<std::string> next,
                           store_->GetMeta(kNextClusterMeta));
  next_cluster_ = max_cluster + 1;
  if (next.has_value()) {
    std::uint64_t stored = 0;
    if (!absl::SimpleAtoi(*next, &stored)) {
      return absl::InvalidArgumentError(
          absl::StrCat("store meta ", ToAbsl(kNextClusterMeta), " is not a number: \"",
                       *next, "\""));
    }
    next_cluster_ = std::max(next_cluster_, stored);
  }
  // The last event sequence, so that new events can be numbered.
  LINKAGE_RETURN_IF_ERROR(store_->ReadEvents(0, [&](const ClusterEvent& e) {
    last_sequence_ = std::max(last_sequence_, e.sequence);
    return absl::OkStatus();
  }));
  return absl::OkStatus();
}

absl::Status Matcher::Impl::Rebuild() {
  std::unique_lock<std::shared_mutex> lock(mu_);
  LINKAGE_ASSIGN_OR_RETURN(std::vector<RecordTableBuilder::ColumnSpec> specs,
                           model_.MakeColumnSpecs());
  table_ = internal::RecordTableMutator::Empty(specs);
  LINKAGE_ASSIGN_OR_RETURN(prepared_,
                           PreparedComparisons::Create(model_.comparisons(), table_));
  LINKAGE_ASSIGN_OR_RETURN(hard_rules_, settings_.hard_rules.Bind(table_));
  next_cluster_ = 1;
  for (auto& ids : value_ids_) ids.clear();
  for (auto& rule : index_) rule.clear();
  for (TfLevel& tf : tf_levels_) tf.log2_tf.clear();
  slot_keys_.clear();
  slots_.clear();
  slot_of_.clear();
  clusters_.clear();
  next_order_ = 0;
  last_sequence_ = 0;
  lock.unlock();
  return LoadFromStore();
}

absl::StatusOr<Matcher::Impl::Prepared> Matcher::Impl::Prepare(
    const RecordFields& fields) const {
  Prepared p;
  const std::size_t num_columns = column_names_.size();
  std::vector<std::string_view> raw(num_columns);
  std::vector<bool> given(num_columns, false);
  for (const auto& [name, value] : fields) {
    if (name == id_column_) continue;
    std::size_t c = 0;
    while (c < num_columns && column_names_[c] != name) ++c;
    if (c == num_columns) {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown column \"", name, "\"; the model's columns: ",
          absl::StrJoin(column_names_, ", ")));
    }
    if (given[c]) {
      return absl::InvalidArgumentError(absl::StrCat("column \"", name, "\" given twice"));
    }
    given[c] = true;
    raw[c] = value;
    p.fields.emplace_back(c, value);
  }
  p.query.columns.resize(num_columns);
  for (std::size_t c = 0; c < num_columns; ++c) {
    QueryRecord::Value& v = p.query.columns[c];
    NormalisedValue n = normalisers_[c]->Normalise(raw[c]);
    if (n.null()) {
      if (given[c] && n.issue != Issue::kMissing) {
        p.issues.push_back({column_names_[c], n.issue});
      }
      continue;
    }
    v.id = kForeignValue;
    v.value = std::move(n.value);
    const std::size_t num_parts = key_columns_[c].part_names.size();
    if (n.parts.size() == num_parts) {
      v.parts = std::move(n.parts);
    } else {
      v.parts.assign(num_parts, std::string());
    }
  }
  query_features_.PrepareQuery(&p.query);
  const BlockingRules& rules = model_.prediction_rules();
  p.keys.resize(num_rules_);
  std::vector<std::uint64_t> hashes;
  for (std::size_t r = 0; r < num_rules_; ++r) {
    hashes.clear();
    const auto keys = rules.rule(r);
    for (std::size_t k = 0; k < keys.size(); ++k) {
      const std::size_t c = rule_columns_[r][k];
      const QueryRecord::Value& v = p.query.columns[c];
      const std::string key = ApplyKeyTransform(keys[k], key_columns_[c], v.value, v.parts);
      hashes.push_back(rules.KeyValueHash(r, k, key));
    }
    p.keys[r] = BlockingRules::CombineKeyHashes(hashes);
  }
  p.log2_tf.resize(tf_levels_.size());
  for (std::size_t t = 0; t < tf_levels_.size(); ++t) {
    const QueryRecord::Value& v = p.query.columns[tf_levels_[t].column];
    p.log2_tf[t] = v.id == kNullValue ? 0.0 : SafeLog2(tf_levels_[t].table->Frequency(v.value));
  }
  return p;
}

void Matcher::Impl::Resolve(Prepared& p) const {
  p.ids.resize(p.query.columns.size());
  for (std::size_t c = 0; c < p.query.columns.size(); ++c) {
    QueryRecord::Value& v = p.query.columns[c];
    if (v.id != kNullValue) {
      auto it = value_ids_[c].find(ToAbsl(v.value));
      v.id = it == value_ids_[c].end() ? kForeignValue : it->second;
    }
    p.ids[c] = v.id;
  }
}

void Matcher::Impl::Candidates(const Prepared& p, std::uint32_t exclude,
                               std::vector<std::uint32_t>* out,
                               std::size_t* skipped) const {
  out->clear();
  for (std::size_t r = 0; r < num_rules_; ++r) {
    if (p.keys[r] == BlockingKeys::kNullKey) continue;
    auto it = index_[r].find(p.keys[r]);
    if (it == index_[r].end()) continue;
    if (options_.max_block_size != 0 && it->second.size() > options_.max_block_size) {
      ++*skipped;
      continue;
    }
    out->insert(out->end(), it->second.begin(), it->second.end());
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
  if (exclude != kNullValue) {
    auto it = std::lower_bound(out->begin(), out->end(), exclude);
    if (it != out->end() && *it == exclude) out->erase(it);
  }
}

double Matcher::Impl::QueryWeight(const Prepared& p, Pattern pattern,
                                  std::uint32_t slot) const {
  double w = prior_weight_;
  for (std::size_t c = 0; c < prepared_.size(); ++c) {
    const int level = LevelOf(pattern, c);
    w += weights_[c * kMaxLevels + level];
    const int t = tf_of_level_[c * kMaxLevels + level];
    if (t >= 0) w += QueryTf(p, t, slot);
  }
  return w;
}

double Matcher::Impl::QueryTf(const Prepared& p, int t, std::uint32_t slot) const {
  const TfLevel& tf = tf_levels_[t];
  const std::uint32_t vb = table_.column(tf.column).values[slot];
  if (p.query.columns[tf.column].id == kNullValue || vb == kNullValue) return 0.0;
  return TfAdjustmentOf(std::max(p.log2_tf[t], tf.log2_tf[vb]), tf.log2_tf_min,
                        tf.log2_u_exact, tf.weight);
}

double Matcher::Impl::RecordWeight(Pattern pattern, std::uint32_t a,
                                   std::uint32_t b) const {
  double w = prior_weight_;
  for (std::size_t c = 0; c < prepared_.size(); ++c) {
    const int level = LevelOf(pattern, c);
    w += weights_[c * kMaxLevels + level];
    const int t = tf_of_level_[c * kMaxLevels + level];
    if (t < 0) continue;
    const TfLevel& tf = tf_levels_[t];
    const std::uint32_t va = table_.column(tf.column).values[a];
    const std::uint32_t vb = table_.column(tf.column).values[b];
    if (va == kNullValue || vb == kNullValue) continue;
    w += TfAdjustmentOf(std::max(tf.log2_tf[va], tf.log2_tf[vb]), tf.log2_tf_min,
                        tf.log2_u_exact, tf.weight);
  }
  return w;
}

PairDecision Matcher::Impl::DecideQuery(const Prepared& p, std::uint32_t slot,
                                        double weight) const {
  // DecidePair() for a query: thresholds, grade, then hard rules.
  PairDecision d;
  d.right = slot;
  d.weight = weight;
  d.probability = WeightToProbability(weight);
  d.decision = Classify(weight, settings_.thresholds);
  d.grade = GradeOf(d.probability, settings_.grades);
  if (hard_rules_.empty()) return d;
  if (std::optional<std::size_t> rule = hard_rules_.FirstCannotLinkQuery(p.ids, slot)) {
    d.decision = Decision::kNonMatch;
    d.grade = MatchGrade::kCertainlyNot;
    d.reason = DecisionReason::kCannotLink;
    d.rule = static_cast<std::uint16_t>(*rule);
  } else if (std::optional<std::size_t> must = hard_rules_.FirstMustLinkQuery(p.ids, slot)) {
    d.decision = Decision::kMatch;
    d.grade = MatchGrade::kCertain;
    d.reason = DecisionReason::kMustLink;
    d.rule = static_cast<std::uint16_t>(*must);
  }
  return d;
}

bool Matcher::Impl::SharesBlock(std::uint32_t a, std::uint32_t b) const {
  for (std::size_t r = 0; r < num_rules_; ++r) {
    const std::uint64_t key = slot_keys_[a * num_rules_ + r];
    if (key == BlockingKeys::kNullKey || key != slot_keys_[b * num_rules_ + r]) continue;
    if (options_.max_block_size != 0) {
      auto it = index_[r].find(key);
      if (it != index_[r].end() && it->second.size() > options_.max_block_size) continue;
    }
    return true;
  }
  return false;
}

const std::string& Matcher::Impl::ClusterOf(const Plan& plan, std::uint32_t slot) const {
  auto it = plan.moved.find(slot);
  return it != plan.moved.end() ? it->second : slots_[slot].cluster;
}

const std::vector<std::uint32_t>& Matcher::Impl::MembersOf(
    const Plan& plan, const std::string& cluster) const {
  static const std::vector<std::uint32_t> kNone;
  if (auto it = plan.touched.find(cluster); it != plan.touched.end()) return it->second;
  if (auto it = clusters_.find(cluster); it != clusters_.end()) return it->second;
  return kNone;
}

std::string Matcher::Impl::NewCluster(Plan& plan) const {
  if (plan.next_cluster == 0) plan.next_cluster = next_cluster_;
  return ClusterName(plan.next_cluster++);
}

bool Matcher::Impl::PlanRemoval(std::uint32_t slot, const std::string& record_id,
                                Plan& plan) const {
  const std::string cluster = ClusterOf(plan, slot);
  std::vector<std::uint32_t> members;
  for (std::uint32_t m : MembersOf(plan, cluster)) {
    if (m != slot) members.push_back(m);
  }
  if (members.empty()) return true;
  // Components of the cluster without `slot`, over the batch edges among its
  // members (blocked pairs only).
  UnionFind uf(members.size());
  for (std::uint32_t i = 0; i < members.size(); ++i) {
    for (std::uint32_t j = i + 1; j < members.size(); ++j) {
      if (uf.Find(i) == uf.Find(j)) continue;
      const std::uint32_t a = members[i], b = members[j];
      if (!SharesBlock(a, b)) continue;
      const Pattern pattern = prepared_.CompareUncached(a, b);
      const PairDecision d =
          DecidePair(a, b, RecordWeight(pattern, a, b), settings_, hard_rules_);
      if (IsEdge(d, settings_.clustering)) uf.Union(i, j);
    }
  }
  // Parts ordered by their earliest record; the first keeps the id.
  absl::flat_hash_map<std::uint32_t, std::size_t> part_of_root;
  std::vector<std::vector<std::uint32_t>> parts;
  std::vector<std::uint64_t> earliest;
  for (std::uint32_t i = 0; i < members.size(); ++i) {
    auto [it, added] = part_of_root.try_emplace(uf.Find(i), parts.size());
    if (added) {
      parts.emplace_back();
      earliest.push_back(std::numeric_limits<std::uint64_t>::max());
    }
    parts[it->second].push_back(members[i]);
    earliest[it->second] = std::min(earliest[it->second], slots_[members[i]].order);
  }
  std::vector<std::size_t> by_age(parts.size());
  std::iota(by_age.begin(), by_age.end(), 0);
  std::sort(by_age.begin(), by_age.end(),
            [&](std::size_t x, std::size_t y) { return earliest[x] < earliest[y]; });
  plan.touched[cluster] = parts[by_age[0]];
  if (parts.size() > 1) {
    ClusterEvent split;
    split.kind = ClusterEventKind::kSplit;
    split.cluster_id = cluster;
    split.record_id = record_id;
    for (std::size_t k = 1; k < by_age.size(); ++k) {
      const std::string id = NewCluster(plan);
      for (std::uint32_t m : parts[by_age[k]]) plan.moved[m] = id;
      plan.touched[id] = parts[by_age[k]];
      split.others.push_back(id);
    }
    plan.events.push_back(std::move(split));
  }
  return false;
}

void Matcher::Impl::PlanAddition(const Prepared& p, std::uint32_t exclude,
                                 const std::string* carried_cluster,
                                 const std::string& record_id, Plan& plan) const {
  std::vector<std::uint32_t> candidates;
  std::size_t skipped = 0;
  Candidates(p, exclude, &candidates, &skipped);
  std::vector<std::string> linked;
  if (carried_cluster != nullptr) linked.push_back(*carried_cluster);
  for (std::uint32_t slot : candidates) {
    const Pattern pattern = prepared_.CompareQuery(p.query, slot);
    const PairDecision d = DecideQuery(p, slot, QueryWeight(p, pattern, slot));
    if (IsEdge(d, settings_.clustering)) linked.push_back(ClusterOf(plan, slot));
  }
  std::sort(linked.begin(), linked.end());
  linked.erase(std::unique(linked.begin(), linked.end()), linked.end());
  if (linked.empty()) {
    plan.cluster = NewCluster(plan);
    plan.events.push_back({0, ClusterEventKind::kCreate, plan.cluster, {}, record_id});
    return;
  }
  plan.cluster = linked[0];  // the smallest id survives
  if (linked.size() == 1) return;
  std::vector<std::uint32_t> merged = MembersOf(plan, plan.cluster);
  ClusterEvent merge;
  merge.kind = ClusterEventKind::kMerge;
  merge.cluster_id = plan.cluster;
  merge.record_id = record_id;
  for (std::size_t k = 1; k < linked.size(); ++k) {
    for (std::uint32_t m : MembersOf(plan, linked[k])) {
      plan.moved[m] = plan.cluster;
      merged.push_back(m);
    }
    plan.touched[linked[k]].clear();
    merge.others.push_back(linked[k]);
  }
  plan.touched[plan.cluster] = std::move(merged);
  plan.events.push_back(std::move(merge));
}

RegisterWrite Matcher::Impl::MakeWrite(RegisterWrite::Kind kind, const std::string& id,
                                       const RecordFields& fields,
                                       const Plan& plan) const {
  RegisterWrite write;
  write.kind = kind;
  write.record.id = id;
  if (kind == RegisterWrite::Kind::kUpsert) {
    for (const auto& field : fields) {
      if (field.first != id_column_) write.record.fields.push_back(field);
    }
    write.record.cluster_id = plan.cluster;
  }
  for (const auto& [slot, cluster] : plan.moved) {
    write.cluster_changes.emplace_back(std::string(table_.record_id(slot)), cluster);
  }
  std::sort(write.cluster_changes.begin(), write.cluster_changes.end());
  write.events = plan.events;
  if (plan.next_cluster != 0) {
    write.meta.emplace_back(std::string(kNextClusterMeta), absl::StrCat(plan.next_cluster));
  }
  return write;
}

void Matcher::Impl::ApplyRemoval(std::uint32_t slot) {
  for (std::size_t r = 0; r < num_rules_; ++r) {
    const std::uint64_t key = slot_keys_[slot * num_rules_ + r];
    if (key == BlockingKeys::kNullKey) continue;
    auto it = index_[r].find(key);
    Block& block = it->second;
    block.erase(std::lower_bound(block.begin(), block.end(), slot));
    if (block.empty()) index_[r].erase(it);
    slot_keys_[slot * num_rules_ + r] = BlockingKeys::kNullKey;
  }
  internal::RecordTableMutator::KillRecord(table_, slot);
  Slot& s = slots_[slot];
  slot_of_.erase(std::string(table_.record_id(slot)));
  auto members = clusters_.find(s.cluster);
  if (members != clusters_.end()) {
    std::vector<std::uint32_t>& v = members->second;
    v.erase(std::remove(v.begin(), v.end(), slot), v.end());
    if (v.empty()) clusters_.erase(members);
  }
  s.alive = false;
  s.raw = std::string();
  s.cluster = std::string();
}

std::uint32_t Matcher::Impl::ApplyAddition(const Prepared& p, const std::string& id,
                                           std::uint64_t order,
                                           const std::string& cluster) {
  const std::size_t num_columns = column_names_.size();
  std::vector<std::uint32_t> values(num_columns, kNullValue);
  bool appended = false;
  for (std::size_t c = 0; c < num_columns; ++c) {
    const QueryRecord::Value& v = p.query.columns[c];
    if (v.id == kNullValue) continue;
    auto [it, added] = value_ids_[c].try_emplace(v.value, 0);
    if (added) {
      it->second =
          internal::RecordTableMutator::AppendValue(table_, c, v.value, v.parts);
      appended = true;
    }
    values[c] = it->second;
  }
  if (appended) {
    prepared_.ExtendFeatures();
    for (TfLevel& tf : tf_levels_) {
      const Dictionary& dict = table_.column(tf.column).dictionary;
      for (std::uint32_t v = static_cast<std::uint32_t>(tf.log2_tf.size()); v < dict.size(); ++v) {
        tf.log2_tf.push_back(SafeLog2(tf.table->Frequency(dict.value(v))));
      }
    }
  }
  const std::uint32_t slot = internal::RecordTableMutator::AppendRecord(table_, id, values);
  for (std::size_t r = 0; r < num_rules_; ++r) {
    slot_keys_.push_back(p.keys[r]);
    if (p.keys[r] != BlockingKeys::kNullKey) index_[r][p.keys[r]].push_back(slot);
  }
  Slot s;
  s.alive = true;
  s.order = order;
  s.raw = PackFields(p.fields);
  s.cluster = cluster;
  slots_.push_back(std::move(s));
  slot_of_[id] = slot;
  return slot;
}

void Matcher::Impl::ApplyPlan(const Plan& plan) {
  for (const auto& [slot, cluster] : plan.moved) slots_[slot].cluster = cluster;
  for (const auto& [cluster, members] : plan.touched) {
    if (members.empty()) {
      clusters_.erase(cluster);
    } else {
      clusters_[cluster] = members;
    }
  }
  if (plan.next_cluster != 0) next_cluster_ = plan.next_cluster;
}

void Matcher::Impl::FillSequences(std::span<ClusterEvent*> events) {
  if (events.empty()) return;
  std::vector<std::uint64_t> sequences;
  const absl::Status status =
      store_->ReadEvents(last_sequence_, [&](const ClusterEvent& e) {
        sequences.push_back(e.sequence);
        return absl::OkStatus();
      });
  if (!status.ok()) return;  // sequences stay 0; the write itself is stored
  const std::size_t n = std::min(sequences.size(), events.size());
  for (std::size_t i = 0; i < n; ++i) {
    events[events.size() - n + i]->sequence = sequences[sequences.size() - n + i];
  }
  if (!sequences.empty()) last_sequence_ = std::max(last_sequence_, sequences.back());
}

absl::StatusOr<WriteResult> Matcher::Impl::Write(const StoredRecord& record, int mode) {
  if (record.id.empty()) return absl::InvalidArgumentError("empty record id");
  // Normalising and key computation need no lock.
  LINKAGE_ASSIGN_OR_RETURN(Prepared p, Prepare(record.fields));
  std::lock_guard<std::mutex> writer(write_mu_);
  // The writer is the only thread that changes state, so it reads without
  // mu_ until it applies.
  auto existing = slot_of_.find(record.id);
  const bool exists = existing != slot_of_.end();
  if (mode == kAdd && exists) {
    return absl::AlreadyExistsError(
        absl::StrCat("record \"", record.id, "\" is already in the register"));
  }
  if (mode == kUpdate && !exists) {
    return absl::NotFoundError(
        absl::StrCat("record \"", record.id, "\" is not in the register"));
  }
  Resolve(p);
  const std::uint32_t old = exists ? existing->second : kNullValue;
  Plan plan;
  bool same_values = exists;
  for (std::size_t c = 0; same_values && c < p.ids.size(); ++c) {
    same_values = table_.column(c).values[old] == p.ids[c];
  }
  if (same_values) {
    // Same normalised values: same scores, same cluster; only the raw
    // fields change.
    plan.cluster = slots_[old].cluster;
  } else if (exists) {
    const std::string old_cluster = slots_[old].cluster;
    const bool alone = PlanRemoval(old, record.id, plan);
    // A record alone in its cluster carries the cluster id into the update
    // (kept, or merged like any other cluster it links).
    if (alone) plan.touched[old_cluster].clear();
    PlanAddition(p, old, alone ? &old_cluster : nullptr, record.id, plan);
  } else {
    PlanAddition(p, kNullValue, nullptr, record.id, plan);
  }
  RegisterWrite write = MakeWrite(RegisterWrite::Kind::kUpsert, record.id, record.fields, plan);
  LINKAGE_RETURN_IF_ERROR(store_->Apply(write));
  std::vector<ClusterEvent*> events;
  for (ClusterEvent& e : write.events) events.push_back(&e);
  FillSequences(events);
  {
    std::unique_lock<std::shared_mutex> lock(mu_);
    if (same_values) {
      slots_[old].raw = PackFields(p.fields);
    } else {
      const std::uint64_t order = exists ? slots_[old].order : next_order_++;
      if (exists) ApplyRemoval(old);
      ApplyPlan(plan);
      const std::uint32_t slot = ApplyAddition(p, record.id, order, plan.cluster);
      clusters_[plan.cluster].push_back(slot);
    }
  }
  WriteResult result;
  result.cluster_id = plan.cluster;
  result.events = std::move(write.events);
  return result;
}

absl::StatusOr<WriteResult> Matcher::Impl::Remove(std::string_view record_id) {
  std::lock_guard<std::mutex> writer(write_mu_);
  const std::string id(record_id);
  auto existing = slot_of_.find(id);
  if (existing == slot_of_.end()) {
    return absl::NotFoundError(absl::StrCat("record \"", id, "\" is not in the register"));
  }
  const std::uint32_t slot = existing->second;
  Plan plan;
  const std::string cluster = slots_[slot].cluster;
  if (PlanRemoval(slot, id, plan)) {
    plan.touched[cluster].clear();
    plan.events.push_back({0, ClusterEventKind::kDissolve, cluster, {}, id});
  }
  RegisterWrite write = MakeWrite(RegisterWrite::Kind::kRemove, id, {}, plan);
  LINKAGE_RETURN_IF_ERROR(store_->Apply(write));
  std::vector<ClusterEvent*> events;
  for (ClusterEvent& e : write.events) events.push_back(&e);
  FillSequences(events);
  {
    std::unique_lock<std::shared_mutex> lock(mu_);
    ApplyRemoval(slot);
    ApplyPlan(plan);
  }
  WriteResult result;
  result.events = std::move(write.events);
  return result;
}

absl::StatusOr<std::vector<WriteResult>> Matcher::Impl::AddBatch(
    const std::vector<StoredRecord>& records) {
  std::lock_guard<std::mutex> writer(write_mu_);
  std::vector<WriteResult> results;
  std::vector<RegisterWrite> writes;
  std::vector<absl::StatusOr<Prepared>> prepared;
  absl::Status first_error;
  // Chunk by chunk: normalise in parallel (no lock), then apply records to
  // memory one by one (each is matched against the ones before it) under
  // the exclusive lock, and store the chunk in one transaction before
  // readers see any of it.
  constexpr std::size_t kChunk = 4096;
  for (std::size_t begin = 0; begin < records.size() && first_error.ok(); begin += kChunk) {
    const std::size_t end = std::min(records.size(), begin + kChunk);
    prepared.clear();
    prepared.resize(end - begin);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(begin, end, 64),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t i = range.begin(); i != range.end(); ++i) {
                          prepared[i - begin] = Prepare(records[i].fields);
                        }
                      });
    std::unique_lock<std::shared_mutex> lock(mu_);
    writes.clear();
    const std::size_t chunk_begin = results.size();
    for (std::size_t i = begin; i < end; ++i) {
      const StoredRecord& record = records[i];
      absl::StatusOr<Prepared>& p = prepared[i - begin];
      if (record.id.empty()) {
        first_error = absl::InvalidArgumentError(absl::StrCat("record ", i, ": empty record id"));
        break;
      }
      if (!p.ok()) {
        first_error = absl::Status(p.status().code(), absl::StrCat("record \"", record.id,
                                                                   "\": ", p.status().message()));
        break;
      }
      if (slot_of_.contains(record.id)) {
        first_error = absl::AlreadyExistsError(
            absl::StrCat("record \"", record.id, "\" is already in the register"));
        break;
      }
      Resolve(*p);
      Plan plan;
      PlanAddition(*p, kNullValue, nullptr, record.id, plan);
      writes.push_back(MakeWrite(RegisterWrite::Kind::kUpsert, record.id, record.fields, plan));
      ApplyPlan(plan);
      const std::uint32_t slot = ApplyAddition(*p, record.id, next_order_++, plan.cluster);
      clusters_[plan.cluster].push_back(slot);
      WriteResult result;
      result.cluster_id = plan.cluster;
      results.push_back(std::move(result));
    }
    if (writes.empty()) break;
    if (absl::Status s = store_->ApplyBatch(writes); !s.ok()) {
      // Memory ran ahead of the store: rebuild it from what is stored.
      lock.unlock();
      if (absl::Status r = Rebuild(); !r.ok()) {
        return absl::InternalError(absl::StrCat(
            s.message(), "; and rebuilding the register failed: ", r.message()));
      }
      return s;
    }
    std::vector<ClusterEvent*> events;
    for (std::size_t w = 0; w < writes.size(); ++w) {
      results[chunk_begin + w].events = std::move(writes[w].events);
      for (ClusterEvent& e : results[chunk_begin + w].events) events.push_back(&e);
    }
    FillSequences(events);
  }
  if (!first_error.ok()) return first_error;
  return results;
}

RecordFields Matcher::Impl::UnpackFields(const std::string& raw) const {
  RecordFields out;
  std::size_t pos = 0;
  while (pos + 8 <= raw.size()) {
    std::uint32_t c = 0, n = 0;
    std::memcpy(&c, raw.data() + pos, 4);
    std::memcpy(&n, raw.data() + pos + 4, 4);
    out.emplace_back(column_names_[c], raw.substr(pos + 8, n));
    pos += 8 + n;
  }
  return out;
}

std::optional<StoredRecord> Matcher::Impl::Get(std::string_view record_id) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  auto it = slot_of_.find(ToAbsl(record_id));
  if (it == slot_of_.end()) return std::nullopt;
  const Slot& s = slots_[it->second];
  return StoredRecord{std::string(record_id), UnpackFields(s.raw), s.cluster};
}

std::vector<std::pair<std::string, std::string>> Matcher::Impl::Clusters() const {
  std::vector<std::pair<std::string, std::string>> out;
  std::shared_lock<std::shared_mutex> lock(mu_);
  out.reserve(slot_of_.size());
  for (const auto& [id, slot] : slot_of_) out.emplace_back(id, slots_[slot].cluster);
  lock.unlock();
  std::sort(out.begin(), out.end());
  return out;
}

MatcherStats Matcher::Impl::Stats() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  MatcherStats stats;
  stats.records = slot_of_.size();
  stats.clusters = clusters_.size();
  std::uint64_t bytes = table_.MemoryBytes();
  for (const auto& ids : value_ids_) {
    bytes += ids.capacity() * (sizeof(std::string) + sizeof(std::uint32_t) + 1);
    for (const auto& [value, id] : ids) {
      if (value.capacity() > 15) bytes += value.capacity() + 1;
    }
  }
  for (const auto& rule : index_) {
    bytes += rule.capacity() * (sizeof(std::uint64_t) + sizeof(Block) + 1);
    for (const auto& [key, block] : rule) {
      if (block.capacity() > 2) bytes += block.capacity() * sizeof(std::uint32_t);
    }
  }
  bytes += slot_keys_.capacity() * sizeof(std::uint64_t);
  bytes += slots_.capacity() * sizeof(Slot);
  for (const Slot& s : slots_) {
    if (s.raw.capacity() > 15) bytes += s.raw.capacity() + 1;
  }
  bytes += slot_of_.capacity() * (sizeof(std::string) + sizeof(std::uint32_t) + 1);
  bytes += clusters_.capacity() *
           (sizeof(std::string) + sizeof(std::vector<std::uint32_t>) + 1);
  for (const auto& [id, members] : clusters_) {
    bytes += members.capacity() * sizeof(std::uint32_t);
  }
  for (const TfLevel& tf : tf_levels_) bytes += tf.log2_tf.capacity() * sizeof(double);
  stats.memory_bytes = bytes;
  return stats;
}

absl::StatusOr<MatchResult> Matcher::Impl::Match(const RecordFields& query,
                                                 const MatchOptions& options) const {
  if (options.policy == MatchPolicy::kOneToOne || options.policy == MatchPolicy::kManyToOne) {
    return absl::InvalidArgumentError(absl::StrCat(
        "policy ", ToAbsl(MatchPolicyName(options.policy)),
        " is a batch policy (two tables); a query supports all, best, "
        "best-unique and top-k"));
  }
  LINKAGE_ASSIGN_OR_RETURN(Prepared p, Prepare(query));
  MatchResult result;
  result.issues = std::move(p.issues);
  struct Scored {
    std::uint32_t slot;
    Pattern pattern;
    PairDecision decision;
  };
  std::vector<Scored> scored;
  std::vector<MatchCandidate> candidates;
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    Resolve(p);
    std::vector<std::uint32_t> slots;
    std::size_t skipped = 0;
    Candidates(p, kNullValue, &slots, &skipped);
    result.candidates_scored = slots.size();
    scored.reserve(slots.size());
    for (std::uint32_t slot : slots) {
      const Pattern pattern = prepared_.CompareQuery(p.query, slot);
      scored.push_back({slot, pattern, DecideQuery(p, slot, QueryWeight(p, pattern, slot))});
    }
    // Only what may be returned is copied out.
    const MatchGrade min_grade = options.only_certain ? MatchGrade::kCertain : options.min_grade;
    for (const Scored& s : scored) {
      const PairDecision& d = s.decision;
      // Eligible candidates below the grade still count for the policy.
      const bool eligible =
          d.decision != Decision::kNonMatch && d.reason == DecisionReason::kThreshold;
      if (d.grade < min_grade && !eligible) continue;
      MatchCandidate c;
      c.record_id = std::string(table_.record_id(s.slot));
      c.cluster_id = slots_[s.slot].cluster;
      c.weight = d.weight;
      c.probability = d.probability;
      c.grade = d.grade;
      c.decision = d.decision;
      c.reason = d.reason;
      c.reason_text = DescribeReason(d, settings_);
      if (options.explain) {
        Explanation e;
        e.right_id = c.record_id;
        e.prior_weight = prior_weight_;
        for (std::size_t comparison = 0; comparison < prepared_.size(); ++comparison) {
          const ComparisonSpec& spec = model_.comparisons()[comparison];
          const int level = LevelOf(s.pattern, comparison);
          ExplanationTerm t;
          t.comparison = spec.output_column_name;
          t.level = level;
          t.label = spec.levels[level].label;
          const std::size_t column = prepared_.column_index(comparison);
          t.value_left = p.query.columns[column].value;
          const std::uint32_t v = table_.column(column).values[s.slot];
          if (v != kNullValue) t.value_right = std::string(table_.column(column).dictionary.value(v));
          if (level == 0) {
            t.m = t.u = std::numeric_limits<double>::quiet_NaN();
          } else {
            t.m = *spec.levels[level].m_probability;
            t.u = *spec.levels[level].u_probability;
            t.weight = weights_[comparison * kMaxLevels + level];
            const int tf_index = tf_of_level_[comparison * kMaxLevels + level];
            if (tf_index >= 0) t.tf_adjustment = QueryTf(p, tf_index, s.slot);
          }
          e.terms.push_back(std::move(t));
        }
        e.match_weight = d.weight;
        e.match_probability = d.probability;
        c.explanation = std::move(e);
      }
      candidates.push_back(std::move(c));
    }
  }
  // Rank: weight descending, then record id.
  std::sort(candidates.begin(), candidates.end(),
            [](const MatchCandidate& a, const MatchCandidate& b) {
              if (a.weight != b.weight) return a.weight > b.weight;
              return a.record_id < b.record_id;
            });
  // The policy over the eligible candidates (undecided by hard rules, not
  // a non-match), as ApplyPolicy does for one query record.
  if (options.policy != MatchPolicy::kAll) {
    auto eligible = [](const MatchCandidate& c) {
      return c.decision != Decision::kNonMatch && c.reason == DecisionReason::kThreshold;
    };
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (eligible(candidates[i])) order.push_back(i);
    }
    std::vector<char> keep(candidates.size(), 0), ambiguous(candidates.size(), 0);
    if (!order.empty()) {
      switch (options.policy) {
        case MatchPolicy::kBest:
          keep[order[0]] = 1;
          break;
        case MatchPolicy::kTopK: {
          const std::size_t k = options.count != 0 ? options.count : settings_.policy.k;
          for (std::size_t i = 0; i < std::min(k, order.size()); ++i) keep[order[i]] = 1;
          break;
        }
        case MatchPolicy::kBestUnique: {
          const double best = candidates[order[0]].weight;
          const double margin = settings_.policy.margin_weight;
          if (order.size() == 1 || (candidates[order[1]].weight != best &&
                                    best - candidates[order[1]].weight >= margin)) {
            keep[order[0]] = 1;
            break;
          }
          for (std::size_t i : order) {
            const double w = candidates[i].weight;
            if (w == best || best - w < margin) ambiguous[i] = 1;
          }
          break;
        }
        default:
          break;
      }
    }
    std::vector<MatchCandidate> kept;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      MatchCandidate& c = candidates[i];
      if (eligible(c)) {
        if (ambiguous[i]) {
          c.decision = std::min(c.decision, Decision::kReview);
          c.reason = DecisionReason::kAmbiguous;
          c.reason_text = std::string(DecisionReasonName(c.reason));
        } else if (!keep[i]) {
          continue;  // not selected: kNotBest
        }
      } else if (c.decision == Decision::kNonMatch) {
        continue;  // a policy returns its selection (and must-links) only
      }
      kept.push_back(std::move(c));
    }
    candidates = std::move(kept);
  }
  const MatchGrade min_grade = options.only_certain ? MatchGrade::kCertain : options.min_grade;
  for (MatchCandidate& c : candidates) {
    if (c.grade < min_grade) continue;
    if (options.count != 0 && result.candidates.size() >= options.count) break;
    result.candidates.push_back(std::move(c));
  }
  return result;
}

// ---------------------------------------------------------------------------

absl::StatusOr<std::unique_ptr<Matcher>> Matcher::Open(Model model,
                                                       std::unique_ptr<Store> store,
                                                       const MatcherOptions& options) {
  LINKAGE_RETURN_IF_ERROR(model.CheckTrained());
  const nlohmann::json& doc = model.config().document;
  auto decisions_json = doc.find("decisions");
  LINKAGE_ASSIGN_OR_RETURN(
      DecisionSettings settings,
      ParseDecisions(decisions_json == doc.end() ? nlohmann::json() : *decisions_json,
                     model.schema(), "$.decisions"));
  auto impl = std::make_unique<Impl>(std::move(model), std::move(settings), options);
  LINKAGE_RETURN_IF_ERROR(impl->Init(std::move(store)));
  return std::unique_ptr<Matcher>(new Matcher(std::move(impl)));
}

Matcher::Matcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Matcher::~Matcher() = default;

absl::StatusOr<MatchResult> Matcher::Match(const RecordFields& query,
                                           const MatchOptions& options) const {
  return impl_->Match(query, options);
}
absl::StatusOr<WriteResult> Matcher::Add(const StoredRecord& record) {
  return impl_->Write(record, Impl::kAdd);
}
absl::StatusOr<WriteResult> Matcher::Update(const StoredRecord& record) {
  return impl_->Write(record, Impl::kUpdate);
}
absl::StatusOr<WriteResult> Matcher::Upsert(const StoredRecord& record) {
  return impl_->Write(record, Impl::kUpsert);
}
absl::StatusOr<WriteResult> Matcher::Remove(std::string_view record_id) {
  return impl_->Remove(record_id);
}
absl::StatusOr<std::vector<WriteResult>> Matcher::AddBatch(
    const std::vector<StoredRecord>& records) {
  return impl_->AddBatch(records);
}
std::optional<StoredRecord> Matcher::Get(std::string_view record_id) const {
  return impl_->Get(record_id);
}
std::vector<std::pair<std::string, std::string>> Matcher::Clusters() const {
  return impl_->Clusters();
}
MatcherStats Matcher::Stats() const { return impl_->Stats(); }
const Model& Matcher::model() const noexcept { return impl_->model(); }
const std::string& Matcher::model_version() const noexcept {
  return impl_->model_version();
}

}  // namespace linkage
