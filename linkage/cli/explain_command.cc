// Copyright 2026 The Linkage Authors.
//
// `linkage explain --model M --input F --left ID --right ID [--json]`: the
// waterfall of one pair: each comparison's level, m, u, weight and
// term-frequency adjustment, and the running total.
#include <iostream>
#include <string>
#include <vector>

#include "boost/program_options.hpp"
#include "linkage/cli/command.h"
#include "linkage/cli/job_common.h"
#include "linkage/scoring.h"
#include "linkage/table_reader.h"

namespace linkage::cli {

namespace po = boost::program_options;

int ExplainMain(std::span<const std::string> args) {
  po::options_description options(
      "Usage: linkage explain --model FILE --input FILE [--input2 FILE] "
      "--left ID --right ID [--json]\n\n"
      "Explains the score of one pair of records.\n\nOptions");
  std::string model_path, left_id, right_id;
  std::vector<std::string> inputs(1), input2;
  options.add_options()
      ("help,h", "show this help")
      ("model,m", po::value(&model_path)->required(), "trained model JSON file")
      ("input,i", po::value(&inputs[0])->required(), "input file")
      ("input2", po::value(&input2)->multitoken(), "right table, for link jobs")
      ("left", po::value(&left_id)->required(), "record id of the first record")
      ("right", po::value(&right_id)->required(), "record id of the second record")
      ("json", "print JSON instead of text");
  po::variables_map vars;
  if (auto exit = ParseCommandLine("explain", options, args, &vars)) return *exit;
  inputs.insert(inputs.end(), input2.begin(), input2.end());
  absl::StatusOr<Model> model = LoadModel(model_path);
  if (!model.ok()) return FailWith("explain", model.status());
  absl::StatusOr<LoadedTable> loaded = ReadRecordTable(*model, inputs, {});
  if (!loaded.ok()) return FailWith("explain", loaded.status());
  const RecordTable& table = loaded->table;
  absl::StatusOr<Scorer> scorer = Scorer::Create(*model, table);
  if (!scorer.ok()) return FailWith("explain", scorer.status());
  std::int64_t left = -1, right = -1;
  for (std::size_t r = 0; r < table.num_records(); ++r) {
    if (table.record_id(r) == left_id) left = static_cast<std::int64_t>(r);
    if (table.record_id(r) == right_id) right = static_cast<std::int64_t>(r);
  }
  if (left < 0 || right < 0) {
    return FailWith("explain", absl::NotFoundError(
                                   "record id \"" + (left < 0 ? left_id : right_id) +
                                   "\" is not in the input"));
  }
  LevelCache cache(model->num_comparisons());
  const Explanation e = scorer->Explain(static_cast<std::uint32_t>(left),
                                        static_cast<std::uint32_t>(right), cache);
  if (vars.count("json")) {
    std::cout << e.ToJson().dump(2) << "\n";
  } else {
    std::cout << e.ToText();
  }
  return kExitOk;
}

}  // namespace linkage::cli
