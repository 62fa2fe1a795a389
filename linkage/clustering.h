// Copyright 2026 The Linkage Authors.
//
// Clustering: records joined by match decisions, as connected components
// with ids that do not depend on input order or thread count.
//
// Edges are the PairDecisions with decision kMatch and weight >=
// ClusterSettings::threshold_weight, plus every must-link pair. A record with
// no edge is a cluster of one. A cluster's id is the smallest record id of its
// members in byte order (std::string_view comparison), so the same records
// give the same ids however the input is ordered.
//
// Two algorithms:
//   respect_cannot_link = false: concurrent union-find (oneTBB parallel_for
//     over edges; each root links under the smaller index by compare-and-swap,
//     with path halving), after Anderson & Woll, "Wait-free parallel
//     algorithms for the union-find problem" (STOC 1991). Components do not
//     depend on edge order, so the result is the same on any thread count.
//     O(E alpha(n)) work.
//   respect_cannot_link = true: edges in a fixed order (must-link first, then
//     weight descending, ties by the pair's record ids), serially; a merge is
//     refused (and recorded) if any cannot-link pair (a kCannotLink
//     PairDecision) would end up inside one cluster. Each component is a
//     circular member list; a merge checks the cannot-link partners of the
//     smaller component's constrained members, so the cost is
//     O(E alpha(n) + sum over merges of the smaller side's cannot-link
//     degree), and nothing when neither side has a cannot-link member. Only
//     cannot-link pairs that were scored are known (see hard_rules.h).
//
// Example:
//   ClusterResult clusters = Cluster(table, decided.decisions, settings.clustering);
//   for (std::size_t r = 0; r < table.num_records(); ++r)
//     Write(table.record_id(r), clusters.ClusterId(table, r));
//
// Thread-safety: Cluster() may be called concurrently; it uses oneTBB.
#ifndef LINKAGE_LINKAGE_CLUSTERING_H_
#define LINKAGE_LINKAGE_CLUSTERING_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "blocking/candidates.h"
#include "linkage/decisions.h"
#include "linkage/record_table.h"

namespace linkage {

// Per node, the smallest node index of its connected component.
// Parallel (see the file comment); the result is independent of edge order
// and thread count. REQUIRES: every edge endpoint < num_nodes < 2^32 - 1.
std::vector<std::uint32_t> ConnectedComponents(std::size_t num_nodes,
                                               std::span<const CandidatePair> edges);

struct ClusterInfo {
  std::uint32_t representative;  // member with the smallest record id
  std::uint32_t size;
};

// A merge that respect_cannot_link refused.
struct RefusedMerge {
  std::uint32_t left, right;  // the match edge
  double weight;
  std::uint32_t cannot_left, cannot_right;  // the cannot-link pair it would join
};

struct ClusterResult {
  // Per record: the record whose id is the cluster id.
  std::vector<std::uint32_t> representative;
  // Every cluster (singletons included), sorted by cluster id.
  std::vector<ClusterInfo> clusters;
  // Indexes into `clusters` of clusters over max_cluster_size, largest first
  // (ties by id).
  std::vector<std::size_t> oversized;
  std::vector<RefusedMerge> refused;  // in edge-processing order
  std::size_t num_edges = 0;          // edges used (before refusals)
  // Human-readable: one per oversized cluster (at most 20, then a count).
  std::vector<std::string> warnings;

  // The cluster id of `record`. REQUIRES: the table that was clustered.
  std::string_view ClusterId(const RecordTable& table, std::size_t record) const {
    return table.record_id(representative[record]);
  }
};

// Clusters the records of `table` (see the file comment).
// REQUIRES: decision indexes < table.num_records().
ClusterResult Cluster(const RecordTable& table,
                      std::span<const PairDecision> decisions,
                      const ClusterSettings& settings);

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_CLUSTERING_H_
