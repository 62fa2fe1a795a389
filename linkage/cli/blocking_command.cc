// Copyright 2026 The Linkage Authors.
//
// `linkage blocking --config C --input F [--input2 G]`: before any scoring,
// how many comparisons the prediction blocking rules make: per rule the pairs
// it adds (pairs an earlier rule already found are not counted again), its
// largest blocks, the total and the reduction ratio. Counts are exact
// (inclusion-exclusion over grouped keys, no pair is enumerated), so this
// takes a few sorts of the keys, well under the time of the real run.
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "blocking/comparison_counts.h"
#include "boost/program_options.hpp"
#include "linkage/cli/command.h"
#include "linkage/cli/job_common.h"
#include "linkage/output.h"
#include "linkage/table_reader.h"

namespace linkage::cli {

namespace po = boost::program_options;

int BlockingMain(std::span<const std::string> args) {
  po::options_description options(
      "Usage: linkage blocking --config FILE --input FILE [--input2 FILE]\n\n"
      "Counts the comparisons the config's blocking_rules_to_generate_predictions\n"
      "would make, per rule, with the largest blocks and the reduction ratio.\n\n"
      "Options");
  std::string config_path, out_json;
  std::vector<std::string> inputs(1), input2;
  int top = 5;
  int threads = 0;
  std::size_t max_block_size = 0;
  options.add_options()
      ("help,h", "show this help")
      ("config,c", po::value(&config_path)->required(), "config JSON file")
      ("input,i", po::value(&inputs[0])->required(), "input file (left table when linking)")
      ("input2", po::value(&input2)->multitoken(), "right table, for link jobs")
      ("top", po::value(&top)->default_value(5), "largest blocks listed per rule")
      ("max-block-size", po::value(&max_block_size)->default_value(0),
       "count as a run capped at this block size would (0 = no cap)")
      ("out-json", po::value(&out_json), "also write the counts as JSON here")
      ("threads,t", po::value(&threads)->default_value(0), "threads (0 = all cores)")
      ("quiet,q", "no progress on stderr");
  po::variables_map vars;
  if (auto exit = ParseCommandLine("blocking", options, args, &vars)) return *exit;
  if (top < 0) {
    std::cerr << "linkage blocking: --top must be >= 0\n";
    return kExitUsage;
  }
  inputs.insert(inputs.end(), input2.begin(), input2.end());
  auto control = LimitThreads(threads);
  ProgressLog log("blocking", vars.count("quiet") > 0);
  absl::StatusOr<Model> model = LoadModel(config_path);
  if (!model.ok()) return FailWith("blocking", model.status());
  if (model->link_type() != LinkType::kDedupeOnly && inputs.size() != 2) {
    std::cerr << "linkage blocking: link_type " << LinkTypeName(model->link_type())
              << " needs --input and --input2\n";
    return kExitUsage;
  }
  ReadOptions read;
  read.log = [&](const std::string& line) { log(line); };
  absl::StatusOr<LoadedTable> loaded = ReadRecordTable(*model, inputs, read);
  if (!loaded.ok()) return FailWith("blocking", loaded.status());
  const RecordTable& table = loaded->table;
  const BlockingRules& rules = model->prediction_rules();
  absl::StatusOr<BlockingKeys> keys = rules.ComputeKeys(table);
  if (!keys.ok()) return FailWith("blocking", keys.status());
  CandidateOptions cap;
  cap.max_block_size = max_block_size;
  cap.link_type = model->link_type();
  cap.num_left = model->link_type() == LinkType::kDedupeOnly ? 0 : table.source_begin(1);
  // Blocks over --max-block-size, per rule (every block of the rule is
  // listed, so every oversized one is found); a capped run skips them.
  std::vector<OversizedBlock> oversized;
  if (max_block_size > 0) {
    for (std::size_t rule = 0; rule < rules.num_rules(); ++rule) {
      BlockingKeys one(1, table.num_records());
      for (std::size_t r = 0; r < table.num_records(); ++r) {
        const std::uint64_t k = keys->Get(rule, r);
        if (k == BlockingKeys::kNullKey) one.SetNull(0, r); else one.Set(0, r, k);
      }
      absl::StatusOr<ComparisonCounts> c =
          CountComparisons(one, {cap.link_type, cap.num_left, table.num_records()});
      if (!c.ok()) return FailWith("blocking", c.status());
      for (const BlockSummary& b : c->rules[0].largest_blocks) {
        if (b.size > max_block_size) oversized.push_back({rule, b.size, b.example_record});
      }
    }
  }
  const BlockingKeys counted = WithoutOversizedBlocks(*keys, oversized);
  absl::StatusOr<ComparisonCounts> counts = CountComparisons(
      counted, {cap.link_type, cap.num_left, static_cast<std::size_t>(top)});
  if (!counts.ok()) return FailWith("blocking", counts.status());

  nlohmann::json json;
  json["records"] = table.num_records();
  json["possible_pairs"] = counts->all_pairs;
  json["total_pairs"] = counts->total_pairs;
  json["reduction_ratio"] = counts->reduction_ratio;
  std::cout << absl::StrFormat("%d records, %d possible pairs\n\n", table.num_records(),
                               counts->all_pairs);
  std::cout << absl::StrFormat("%-4s %-60s %14s %14s %10s\n", "rule", "keys",
                               "pairs added", "pairs in rule", "blocks");
  nlohmann::json rules_json = nlohmann::json::array();
  for (std::size_t r = 0; r < rules.num_rules(); ++r) {
    const RuleCount& rc = counts->rules[r];
    std::cout << absl::StrFormat("%-4d %-60s %14d %14d %10d\n", r, rules.Describe(r),
                                 rc.pairs_added, rc.pairs_in_blocks, rc.num_blocks);
    nlohmann::json rule_json = {{"rule", rules.Describe(r)},
                                {"pairs_added", rc.pairs_added},
                                {"pairs_in_blocks", rc.pairs_in_blocks},
                                {"blocks", rc.num_blocks}};
    nlohmann::json largest = nlohmann::json::array();
    for (const BlockSummary& b : rc.largest_blocks) {
      const std::string label = rules.KeyLabel(table, r, b.example_record);
      std::cout << absl::StrFormat("       largest: %8d records %12d pairs  %s\n", b.size,
                                   b.pairs, label);
      largest.push_back({{"key", label}, {"records", b.size}, {"pairs", b.pairs}});
    }
    rule_json["largest_blocks"] = std::move(largest);
    rules_json.push_back(std::move(rule_json));
  }
  for (const OversizedBlock& b : oversized) {
    std::cout << absl::StrFormat("skipped (over --max-block-size): rule %d, %d records, %s\n",
                                 b.rule, b.size,
                                 rules.KeyLabel(table, b.rule, b.example_record));
  }
  json["rules"] = std::move(rules_json);
  std::cout << absl::StrFormat("\ntotal %d comparisons; reduction ratio %.6f\n",
                               counts->total_pairs, counts->reduction_ratio);
  log(absl::StrFormat("counted in %.2fs", log.Seconds()));
  if (!out_json.empty()) {
    if (absl::Status s = WriteFileAtomically(out_json, json.dump(2) + "\n"); !s.ok()) {
      return FailWith("blocking", s);
    }
  }
  return kExitOk;
}

}  // namespace linkage::cli
