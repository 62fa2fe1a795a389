// Copyright 2026 The Linkage Authors.
//
// The end-to-end batch job: outputs, determinism across thread counts, and
// the evaluate command agreeing with the job's own evaluation.
#include "linkage/batch_job.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tbb/global_control.h"
#include "tests/test_util.h"

namespace linkage {
namespace {

using ::testing::HasSubstr;

std::string TempDir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "/batch_job_test_" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

int CountLines(const std::string& path) {
  std::istringstream in(testing::ReadFileOrDie(path));
  std::string line;
  int n = 0;
  while (std::getline(in, line)) ++n;
  return n;
}

BatchJobOptions Fake1000(const std::string& out) {
  BatchJobOptions options;
  options.config_path = testing::ConfigPath("fake_1000.json");
  options.inputs = {testing::DataPath("splink/fake_1000.csv")};
  options.out_dir = out;
  options.truth_column = "cluster";
  return options;
}

TEST(BatchJobTest, WritesEveryOutputAndEvaluates) {
  const std::string out = TempDir("outputs");
  absl::StatusOr<nlohmann::json> summary = RunBatchJob(Fake1000(out));
  ASSERT_TRUE(summary.ok()) << summary.status();
  for (const char* file : {"pairs.csv", "review.csv", "clusters.csv", "model.json",
                           "summary.json"}) {
    EXPECT_TRUE(std::filesystem::exists(out + "/" + file)) << file;
  }
  EXPECT_EQ(CountLines(out + "/clusters.csv"), 1001);  // header + every record
  EXPECT_EQ((*summary)["records"], 1000);
  EXPECT_EQ((*summary)["evaluation"]["true_pairs"], 2031);
  EXPECT_GE((*summary)["evaluation"]["best_f1"]["f1"].get<double>(), 0.87);
  // Every phase is timed.
  EXPECT_EQ((*summary)["phases"].size(), 6u);
  // Cluster ids are record ids (the smallest in the cluster).
  EXPECT_THAT(testing::ReadFileOrDie(out + "/clusters.csv"), HasSubstr("\n0,0\n"));
}

TEST(BatchJobTest, ByteIdenticalOutputsOnOneAndTwoThreads) {
  std::string outputs[2][3];
  for (int threads : {1, 2}) {
    tbb::global_control control(tbb::global_control::max_allowed_parallelism, threads);
    const std::string out = TempDir("threads" + std::to_string(threads));
    absl::StatusOr<nlohmann::json> summary = RunBatchJob(Fake1000(out));
    ASSERT_TRUE(summary.ok()) << summary.status();
    int i = 0;
    for (const char* file : {"pairs.csv", "clusters.csv", "model.json"}) {
      outputs[threads - 1][i++] = testing::ReadFileOrDie(out + "/" + file);
    }
  }
  for (int i = 0; i < 3; ++i) EXPECT_EQ(outputs[0][i], outputs[1][i]) << i;
}

// The evaluation's threshold sweep needs the pairs down to weight
// kTruthSweepThresholdWeight, which the default thresholds (probability 0.5
// and more) do not keep: it scores the candidates again. A review threshold
// below that weight keeps them (and more) in the one scoring pass. The best
// F1 depends only on the pairs at or above its threshold, so it must be the
// same either way; the sweep that reaches lower counts more true pairs.
TEST(BatchJobTest, ThresholdSweepSeesTheSamePairsWhenScoringAgain) {
  nlohmann::json config =
      nlohmann::json::parse(testing::ReadFileOrDie(testing::ConfigPath("fake_1000.json")));
  const double low_probability = 1e-5;  // weight -16.6
  ASSERT_LT(std::log2(low_probability / (1 - low_probability)), kTruthSweepThresholdWeight);
  config["decisions"] = {{"thresholds",
                          {{"match_probability", 0.95}, {"review_probability", low_probability}}}};
  const std::string dir = TempDir("sweep");
  std::filesystem::create_directories(dir);
  const std::string low_config = dir + "/fake_1000_low_review.json";
  std::ofstream(low_config) << config.dump(2);

  std::vector<std::string> lines;
  BatchJobOptions rescoring = Fake1000(dir + "/rescoring");
  rescoring.log = [&](const std::string& line) { lines.push_back(line); };
  absl::StatusOr<nlohmann::json> again = RunBatchJob(rescoring);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_THAT(lines, ::testing::Contains(HasSubstr("scoring the candidate pairs again")));

  lines.clear();
  BatchJobOptions one_pass = Fake1000(dir + "/one_pass");
  one_pass.config_path = low_config;
  one_pass.log = rescoring.log;
  absl::StatusOr<nlohmann::json> once = RunBatchJob(one_pass);
  ASSERT_TRUE(once.ok()) << once.status();
  EXPECT_THAT(lines, ::testing::Not(::testing::Contains(HasSubstr("scoring the candidate pairs again"))));

  const nlohmann::json& a = (*again)["evaluation"];
  const nlohmann::json& b = (*once)["evaluation"];
  EXPECT_GT(a["best_f1"]["threshold_weight"].get<double>(), kTruthSweepThresholdWeight);
  EXPECT_EQ(a["best_f1"], b["best_f1"]);
  EXPECT_LE(a["true_pairs_compared"].get<int>(), b["true_pairs_compared"].get<int>());
  // The sweep saw true pairs below the review threshold: more than
  // pairs.csv (the decided pairs, at or above it) holds. fake_1000.csv has
  // no quoted fields: unique_id first, cluster last.
  std::map<std::string, std::string> cluster_of;
  {
    std::istringstream in(testing::ReadFileOrDie(testing::DataPath("splink/fake_1000.csv")));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      cluster_of[line.substr(0, line.find(','))] = line.substr(line.rfind(',') + 1);
    }
  }
  int true_decided = 0;
  {
    std::istringstream in(testing::ReadFileOrDie(dir + "/rescoring/pairs.csv"));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      const std::size_t first = line.find(','), second = line.find(',', first + 1);
      true_decided += cluster_of.at(line.substr(0, first)) ==
                      cluster_of.at(line.substr(first + 1, second - first - 1));
    }
  }
  EXPECT_GT(true_decided, 0);
  EXPECT_GT(a["true_pairs_compared"].get<int>(), true_decided);
  EXPECT_EQ((*again)["pairs_compared"], (*once)["pairs_compared"]);
  // The low review threshold did change the job's own decisions.
  EXPECT_GT((*once)["reviews"].get<int>(), (*again)["reviews"].get<int>());
}

TEST(BatchJobTest, RejectsAWrongLinkTypeAndMissingInputs) {
  BatchJobOptions options = Fake1000(TempDir("wrong"));
  options.link_type = LinkType::kLinkOnly;
  absl::StatusOr<nlohmann::json> summary = RunBatchJob(options);
  ASSERT_FALSE(summary.ok());
  EXPECT_THAT(std::string(summary.status().message()), HasSubstr("link_type is dedupe_only"));
  options = Fake1000(TempDir("missing"));
  options.inputs = {"/nonexistent/input.csv"};
  summary = RunBatchJob(options);
  ASSERT_FALSE(summary.ok());
  EXPECT_THAT(std::string(summary.status().message()), HasSubstr("/nonexistent/input.csv"));
}

TEST(BatchJobTest, TruthFromRecordIdsByPattern) {
  BatchJobOptions options;
  options.config_path = testing::ConfigPath("febrl.json");
  options.inputs = {testing::DataPath("febrl/dataset1.csv")};
  options.out_dir = TempDir("febrl1");
  options.truth_id_regex = "rec-(\\d+)-";
  absl::StatusOr<nlohmann::json> summary = RunBatchJob(options);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ((*summary)["evaluation"]["true_pairs"], 500);  // published: 500 pairs
  options.truth_id_regex = "rec-\\d+-";  // no capture group
  EXPECT_FALSE(RunBatchJob(options).ok());
}

}  // namespace
}  // namespace linkage
