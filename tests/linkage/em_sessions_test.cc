// Copyright 2026 The Linkage Authors.
//
// How Train() combines its EM sessions (as Splink does): each session starts
// from the estimates so far, and a level's final m is the median of the
// estimates of the sessions that could estimate it (the mean of the middle
// two for an even count). Checked on a generated UK register trained with
// configs/uk_person.json and its three EM blocking rules, against the
// per-session estimates the training report lists.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "linkage/model.h"
#include "linkage/training.h"
#include "tests/linkage/generated_register.h"

namespace linkage {
namespace {

double MedianOf(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

TEST(EmSessionsTest, FinalMIsTheMedianOfTheSessions) {
  linkage::testing::TrainedRegister r;
  ASSERT_NO_FATAL_FAILURE(linkage::testing::MakeTrainedRegister(3000, 5, "em_sessions", &r));
  const Model* model = &r.model;
  const TrainingReport* report = &r.report;

  const nlohmann::json& sessions = report->json.at("em_sessions");
  ASSERT_EQ(sessions.size(), 3u);
  std::map<std::size_t, int> comparisons_by_sessions;
  for (const ComparisonSpec& spec : model->comparisons()) {
    const std::string& name = spec.output_column_name;
    std::vector<std::vector<double>> per_level(spec.levels.size());
    for (const nlohmann::json& session : sessions) {
      if (!session.at("m").contains(name)) continue;
      const std::vector<double> m = session.at("m").at(name).get<std::vector<double>>();
      ASSERT_EQ(m.size() + 1, spec.levels.size()) << name;
      for (std::size_t l = 1; l < spec.levels.size(); ++l) per_level[l].push_back(m[l - 1]);
    }
    ASSERT_FALSE(per_level[1].empty()) << name << " was never estimated";
    ++comparisons_by_sessions[per_level[1].size()];
    for (std::size_t l = 1; l < spec.levels.size(); ++l) {
      ASSERT_TRUE(spec.levels[l].m_probability.has_value());
      EXPECT_DOUBLE_EQ(*spec.levels[l].m_probability, MedianOf(per_level[l]))
          << name << " level " << l;
    }
  }
  // sex, address, email and phone read no column of an EM rule: three
  // sessions each; NHS number, date of birth and postcode sit out one rule;
  // the two names (whose "reversed" level reads the other name) sit out two.
  EXPECT_EQ(comparisons_by_sessions[3], 4);
  EXPECT_EQ(comparisons_by_sessions[2], 3);
  EXPECT_EQ(comparisons_by_sessions[1], 2);
}

}  // namespace
}  // namespace linkage
