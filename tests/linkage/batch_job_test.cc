// Copyright 2026 The Linkage Authors.
//
// The end-to-end batch job: outputs, determinism across thread counts, and
// the evaluate command agreeing with the job's own evaluation.
#include "linkage/batch_job.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/aligned_allocator.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "linkage/generator.h"
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

// The outputs a job's determinism is judged on: pairs, clusters, model.
std::vector<std::string> ReadOutputs(const std::string& out_dir) {
  std::vector<std::string> outputs;
  for (const char* file : {"pairs.csv", "clusters.csv", "model.json"}) {
    outputs.push_back(testing::ReadFileOrDie(out_dir + "/" + file));
  }
  return outputs;
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
  std::vector<std::string> outputs[2];
  for (int threads : {1, 2}) {
    tbb::global_control control(tbb::global_control::max_allowed_parallelism, threads);
    const std::string out = TempDir("threads" + std::to_string(threads));
    absl::StatusOr<nlohmann::json> summary = RunBatchJob(Fake1000(out));
    ASSERT_TRUE(summary.ok()) << summary.status();
    outputs[threads - 1] = ReadOutputs(out);
  }
  EXPECT_EQ(outputs[0], outputs[1]);
}

// Huge pages (LINKAGE_HUGE_PAGES) change where large arrays live, never
// what the job writes; the summary says what the timings ran with. 80,000
// generated records, so that the record rows and the blocking keys pass
// the 4 MiB from which arrays are marked.
TEST(BatchJobTest, ByteIdenticalOutputsWithAndWithoutHugePages) {
  GeneratorOptions generator_options;
  generator_options.records = 80000;
  generator_options.seed = 3;
  generator_options.reference_dir = testing::DataPath("reference");
  absl::StatusOr<RegisterGenerator> generator = RegisterGenerator::Create(generator_options);
  ASSERT_TRUE(generator.ok()) << generator.status();
  const std::string csv = ::testing::TempDir() + "/batch_job_test_huge_pages.csv";
  ASSERT_TRUE(generator->WriteFile(csv).ok());
  const HugePages before = HugePagePolicy();
  const HugePages policies[] = {HugePages::kNone, HugePages::kRandomReads, HugePages::kAllLarge};
  std::vector<std::string> outputs[3];
  for (int i = 0; i < 3; ++i) {
    SetHugePagePolicy(policies[i]);
    tbb::global_control control(tbb::global_control::max_allowed_parallelism, 1);
    BatchJobOptions options;
    options.config_path = testing::ConfigPath("uk_person.json");
    options.inputs = {csv};
    options.out_dir = TempDir("huge_pages" + std::to_string(i));
    options.truth_column = "entity_id";
    absl::StatusOr<nlohmann::json> summary = RunBatchJob(options);
    ASSERT_TRUE(summary.ok()) << summary.status();
    EXPECT_EQ((*summary)["huge_pages"], HugePagePolicyName(policies[i]));
    EXPECT_EQ((*summary)["threads"], 1);
    EXPECT_GT((*summary)["matches"].get<int>(), 1000);
    outputs[i] = ReadOutputs(options.out_dir);
  }
  SetHugePagePolicy(before);
  EXPECT_EQ(outputs[0], outputs[1]);
  EXPECT_EQ(outputs[0], outputs[2]);
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
