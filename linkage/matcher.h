// Copyright 2026 The Linkage Authors.
//
// Matcher: the streaming side of Linkage (DESIGN.md section 1, "Streaming
// path"). A Matcher holds a register of person records in memory (a mutable
// column store with one dictionary of canonical values per column), an
// inverted blocking index per prediction rule, a trained model and online
// clusters, and writes every change through a Store before acknowledging it.
//
//   Match(query)   normalises the query with the model's normalisers, looks
//                  up the records sharing a block with it under any
//                  prediction rule, scores each (Fellegi-Sunter, the same
//                  levels and weights as batch scoring), applies the hard
//                  rules, thresholds, match grades and the multiple-match
//                  policy, and returns the candidates ranked by weight.
//   Add/Update/Remove
//                  change the register; each write is matched against the
//                  register, updates the clusters incrementally (persistent
//                  cluster ids, merge/split events) and is stored durably
//                  before it returns.
//
// Clusters are the connected components of the graph whose edges are the
// blocked pairs scored at or above the clustering threshold (the config's
// decisions.clustering), exactly as a batch clustering of the same register:
// an Add merges the clusters it links; a Remove re-derives the components of
// the removed record's cluster. Cluster ids are persistent: a merge keeps the
// smallest id of the clusters merged; a split keeps the id for the part
// holding the record added earliest and gives new ids to the other parts.
//
// Term frequencies: scores must not depend on when a pair was scored, or
// online clusters would differ from batch ones and answers would change
// across restarts. The Matcher therefore takes term frequencies from the
// model's "term_frequencies" tables (written by `linkage train`); a
// TF-adjusted level of a model without tables is scored without adjustment.
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(Model model, LoadModel("model.json"));
//   LINKAGE_ASSIGN_OR_RETURN(std::unique_ptr<Store> store,
//                            OpenSqliteStore("register.db"));
//   LINKAGE_ASSIGN_OR_RETURN(std::unique_ptr<Matcher> matcher,
//                            Matcher::Open(std::move(model), std::move(store)));
//   LINKAGE_RETURN_IF_ERROR(matcher->Add({"r1", {{"given_name", "Ann"}, ...}})
//                               .status());
//   LINKAGE_ASSIGN_OR_RETURN(MatchResult result,
//       matcher->Match({{"given_name", "Anne"}, ...}, {.count = 5}));
//
// Thread-safety: all methods may be called concurrently. Match() and the
// other const methods run in parallel with each other; writes are serialised
// and a reader never sees a half-applied write (a reader-writer lock around
// the in-memory register).
#ifndef LINKAGE_LINKAGE_MATCHER_H_
#define LINKAGE_LINKAGE_MATCHER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "linkage/decisions.h"
#include "linkage/model.h"
#include "linkage/scoring.h"
#include "linkage/store.h"
#include "normalise/normaliser.h"

namespace linkage {

struct MatchOptions {
  // Which candidates to return: kAll, kBest, kBestUnique (the best, unless
  // another is within the config's margin: then both are kReview with
  // reason kAmbiguous) or kTopK (with k = count). kOneToOne and kManyToOne
  // are batch policies and are refused here.
  MatchPolicy policy = MatchPolicy::kAll;
  // At most this many candidates (0 = no limit), best first.
  std::size_t count = 0;
  // Only candidates graded kCertain (FHIR onlyCertainMatches).
  bool only_certain = false;
  // Candidates below this grade are not returned. The default drops
  // kCertainlyNot.
  MatchGrade min_grade = MatchGrade::kPossible;
  // Fill MatchCandidate::explanation.
  bool explain = false;
};

struct MatchCandidate {
  std::string record_id;
  std::string cluster_id;
  double weight = 0;
  double probability = 0;
  MatchGrade grade = MatchGrade::kCertainlyNot;
  Decision decision = Decision::kNonMatch;
  DecisionReason reason = DecisionReason::kThreshold;
  std::string reason_text;  // DescribeReason(), e.g. the hard rule's name
  std::optional<Explanation> explanation;  // left = the query
};

// A query field the normalisers nulled (invalid NHS number, impossible date).
struct FieldIssue {
  std::string column;
  Issue issue = Issue::kNone;
};

struct MatchResult {
  std::vector<MatchCandidate> candidates;  // by weight, then record id
  std::size_t candidates_scored = 0;       // records sharing a block
  std::vector<FieldIssue> issues;
};

struct WriteResult {
  std::string cluster_id;            // the written record's cluster (empty
                                     // after Remove)
  std::vector<ClusterEvent> events;  // with store sequence numbers
};

struct MatcherStats {
  std::uint64_t records = 0;
  std::uint64_t clusters = 0;
  std::uint64_t memory_bytes = 0;  // register, dictionaries, index
};

struct MatcherOptions {
  // Blocks larger than this are skipped for a query (counted in the
  // result); 0 = no limit.
  std::size_t max_block_size = 10'000;
  // Called with progress lines while Open() rebuilds the index; may be null.
  std::function<void(const std::string&)> log;
};

class Matcher {
 public:
  // Builds a Matcher for `model` (trained: Model::CheckTrained) over the
  // records in `store`, rebuilding the in-memory register and index from
  // Store::Load(). `store` may be null: an in-memory register that is lost
  // at exit (tests, benchmarks). Errors: an untrained model, a stored record
  // the model cannot read, a store error.
  static absl::StatusOr<std::unique_ptr<Matcher>> Open(
      Model model, std::unique_ptr<Store> store,
      const MatcherOptions& options = {});

  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Ranked candidates for `query` (raw field values by column name; the id
  // column, if present, is ignored). Errors: an unknown column
  // (InvalidArgument naming it), a policy the matcher does not support.
  absl::StatusOr<MatchResult> Match(const RecordFields& query,
                                    const MatchOptions& options = {}) const;

  // Adds a record. AlreadyExists if the id is in the register;
  // InvalidArgument for an empty id or an unknown column.
  absl::StatusOr<WriteResult> Add(const StoredRecord& record);
  // Replaces a record's fields (its cluster is re-derived). NotFound if the
  // id is not in the register.
  absl::StatusOr<WriteResult> Update(const StoredRecord& record);
  // Add or Update, whichever applies.
  absl::StatusOr<WriteResult> Upsert(const StoredRecord& record);
  // Removes a record. NotFound if the id is not in the register.
  absl::StatusOr<WriteResult> Remove(std::string_view record_id);
  // Adds many records in one store transaction (bulk load). Stops at the
  // first error; records before it are kept, in memory and in the store.
  absl::StatusOr<std::vector<WriteResult>> AddBatch(
      const std::vector<StoredRecord>& records);

  // The stored record (raw fields and cluster id), or nullopt.
  std::optional<StoredRecord> Get(std::string_view record_id) const;
  // Every record id with its cluster id, sorted by record id.
  std::vector<std::pair<std::string, std::string>> Clusters() const;

  MatcherStats Stats() const;
  const Model& model() const noexcept;
  // A fingerprint of the model document, for audit trails.
  const std::string& model_version() const noexcept;

 private:
  class Impl;
  explicit Matcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_MATCHER_H_
