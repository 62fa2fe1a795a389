// Copyright 2026 The Linkage Authors.
//
// Accuracy of trained (not hand-set) models on data with ground truth:
// FEBRL3 dedupe and Splink's fake_1000. The thresholds are the published
// figures the issue asks us to meet or beat.
#include <cstdlib>
#include <iostream>
#include <string>

#include "gtest/gtest.h"
#include "linkage/config.h"
#include "linkage/evaluation.h"
#include "linkage/model.h"
#include "linkage/scoring.h"
#include "linkage/table_reader.h"
#include "linkage/training.h"
#include "tests/test_util.h"

namespace linkage {
namespace {

struct Dataset {
  const char* config;
  const char* input;
  double min_f1;
};

// FEBRL ids are rec-N-org / rec-N-dup-K: the entity is N.
std::string FebrlEntity(const std::string& id) {
  const std::size_t first = id.find('-');
  const std::size_t second = id.find('-', first + 1);
  return id.substr(first + 1, second - first - 1);
}

PairwiseEvaluation TrainAndEvaluate(const std::string& config_path,
                                    const std::string& input,
                                    const std::string& truth_column) {
  absl::StatusOr<Config> config = LoadConfig(config_path);
  EXPECT_TRUE(config.ok()) << config.status();
  absl::StatusOr<Model> model = Model::FromConfig(*config);
  EXPECT_TRUE(model.ok()) << model.status();
  ReadOptions read;
  if (!truth_column.empty()) read.extra_columns = {truth_column};
  absl::StatusOr<LoadedTable> loaded = ReadRecordTable(*model, {input}, read);
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  const RecordTable& table = loaded->table;
  TrainOptions train;
  train.log = [](const std::string& line) { std::cerr << line << "\n"; };
  absl::StatusOr<TrainingReport> report = Train(table, &*model, train);
  EXPECT_TRUE(report.ok()) << report.status();
  absl::StatusOr<Scorer> scorer = Scorer::Create(*model, table);
  EXPECT_TRUE(scorer.ok()) << scorer.status();
  absl::StatusOr<BlockingKeys> keys = model->prediction_rules().ComputeKeys(table);
  EXPECT_TRUE(keys.ok());
  absl::StatusOr<PredictResult> predicted = Predict(*scorer, *keys, {}, {});
  EXPECT_TRUE(predicted.ok());
  std::vector<WeightedPair> pairs;
  for (const ScoredPair& p : predicted->pairs) pairs.push_back({p.left, p.right, p.weight});
  std::vector<std::string> truth;
  if (truth_column.empty()) {
    for (std::size_t r = 0; r < table.num_records(); ++r) {
      truth.push_back(FebrlEntity(std::string(table.record_id(r))));
    }
  } else {
    truth = loaded->extra[0].ToStrings();
  }
  return EvaluatePairs(pairs, truth, LinkType::kDedupeOnly, 0);
}

TEST(AccuracyTest, Febrl3DedupeF1) {
  const char* config = std::getenv("LINKAGE_ACCURACY_CONFIG");
  PairwiseEvaluation e = TrainAndEvaluate(
      config ? config : linkage::testing::ConfigPath("febrl.json"),
      linkage::testing::DataPath("febrl/dataset3.csv"), "");
  std::cerr << "FEBRL3: true pairs " << e.true_pairs << ", scored " << e.scored_pairs
            << ", true pairs scored " << e.true_pairs_scored << ", best F1 "
            << e.best_f1.f1 << " (P " << e.best_f1.precision << ", R "
            << e.best_f1.recall << ") at weight " << e.best_f1.threshold_weight << "\n";
  EXPECT_EQ(e.true_pairs, 6538u);
  EXPECT_GE(e.best_f1.f1, 0.995);
}

TEST(AccuracyTest, Fake1000DedupeF1) {
  const char* config = std::getenv("LINKAGE_ACCURACY_CONFIG_FAKE");
  PairwiseEvaluation e = TrainAndEvaluate(
      config ? config : linkage::testing::ConfigPath("fake_1000.json"),
      linkage::testing::DataPath("splink/fake_1000.csv"), "cluster");
  std::cerr << "fake_1000: true pairs " << e.true_pairs << ", scored " << e.scored_pairs
            << ", true pairs scored " << e.true_pairs_scored << ", best F1 "
            << e.best_f1.f1 << " (P " << e.best_f1.precision << ", R "
            << e.best_f1.recall << ") at weight " << e.best_f1.threshold_weight << "\n";
  EXPECT_EQ(e.true_pairs, 2031u);
  EXPECT_GE(e.best_f1.f1, 0.87);
}

}  // namespace
}  // namespace linkage
