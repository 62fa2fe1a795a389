// Copyright 2026 The Linkage Authors.
//
// A generated UK register read and trained with configs/uk_person.json, for
// tests that need realistic records and a trained model:
//
//   TrainedRegister r;
//   ASSERT_NO_FATAL_FAILURE(MakeTrainedRegister(3000, /*seed=*/5, "my_test", &r));
//   // r.model is trained on r.loaded.table; r.report is Train()'s report.
//
// u sampling is capped at 200,000 pairs to keep tests quick.
// MakeRegister() stops before training (r.model is the config's, untrained).
#ifndef LINKAGE_TESTS_LINKAGE_GENERATED_REGISTER_H_
#define LINKAGE_TESTS_LINKAGE_GENERATED_REGISTER_H_

#include <cstdint>
#include <filesystem>
#include <string>

#include "gtest/gtest.h"
#include "linkage/config.h"
#include "linkage/generator.h"
#include "linkage/model.h"
#include "linkage/table_reader.h"
#include "linkage/training.h"
#include "tests/test_util.h"

namespace linkage::testing {

struct TrainedRegister {
  Model model;
  LoadedTable loaded;
  TrainingReport report;
};

// Generates `records` records with `seed` into a temporary CSV named after
// `stem` and reads it with uk_person.json's model, untrained. Fails the test
// (fatally) on any error.
inline void MakeRegister(std::int64_t records, std::uint64_t seed, const std::string& stem,
                         TrainedRegister* out) {
  GeneratorOptions options;
  options.records = records;
  options.seed = seed;
  options.reference_dir = DataPath("reference");
  absl::StatusOr<RegisterGenerator> generator = RegisterGenerator::Create(options);
  ASSERT_TRUE(generator.ok()) << generator.status();
  const std::filesystem::path csv =
      std::filesystem::path(::testing::TempDir()) / (stem + "_register.csv");
  ASSERT_TRUE(generator->WriteFile(csv.string()).ok());
  absl::StatusOr<Config> config = LoadConfig(ConfigPath("uk_person.json"));
  ASSERT_TRUE(config.ok()) << config.status();
  config->document["training"]["max_pairs_for_u"] = 200000;
  absl::StatusOr<Model> model = Model::FromConfig(*config);
  ASSERT_TRUE(model.ok()) << model.status();
  out->model = *std::move(model);
  absl::StatusOr<LoadedTable> loaded = ReadRecordTable(out->model, {csv.string()}, {});
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  out->loaded = *std::move(loaded);
}

// MakeRegister(), then trains.
inline void MakeTrainedRegister(std::int64_t records, std::uint64_t seed,
                                const std::string& stem, TrainedRegister* out) {
  ASSERT_NO_FATAL_FAILURE(MakeRegister(records, seed, stem, out));
  absl::StatusOr<TrainingReport> report = Train(out->loaded.table, &out->model, {});
  ASSERT_TRUE(report.ok()) << report.status();
  out->report = *std::move(report);
}

}  // namespace linkage::testing

#endif  // LINKAGE_TESTS_LINKAGE_GENERATED_REGISTER_H_
