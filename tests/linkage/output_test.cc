// Copyright 2026 The Linkage Authors.
#include "linkage/output.h"
#include "linkage/csv_writer.h"

#include <dirent.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace linkage {
namespace {

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return names;
  while (dirent* entry = readdir(d)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  closedir(d);
  return names;
}

std::string MakeTempDir() {
  std::string pattern = ::testing::TempDir() + "/output_test_XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  return std::string(mkdtemp(buffer.data()));
}

TEST(OutputTest, CommitReplacesTargetAtomically) {
  const std::string dir = MakeTempDir();
  const std::string path = dir + "/out.csv";
  ASSERT_TRUE(WriteFileAtomically(path, "old\n").ok());
  absl::StatusOr<std::unique_ptr<AtomicFileWriter>> writer =
      AtomicFileWriter::Create(path);
  ASSERT_TRUE(writer.ok()) << writer.status();
  ASSERT_TRUE((*writer)->Append("new ").ok());
  ASSERT_TRUE((*writer)->Append("content\n").ok());
  // Before Commit the target still holds the old contents.
  EXPECT_EQ(testing::ReadFileOrDie(path), "old\n");
  EXPECT_EQ(ListDir(dir).size(), 2u);  // target + temporary
  ASSERT_TRUE((*writer)->Commit().ok());
  EXPECT_EQ(testing::ReadFileOrDie(path), "new content\n");
  EXPECT_THAT(ListDir(dir), ::testing::ElementsAre("out.csv"));
  EXPECT_FALSE((*writer)->Commit().ok());
  std::remove(path.c_str());
  rmdir(dir.c_str());
}

TEST(OutputTest, StartWritebackKeepsWhatFollows) {
  const std::string dir = MakeTempDir();
  const std::string path = dir + "/out.csv";
  absl::StatusOr<std::unique_ptr<AtomicFileWriter>> writer =
      AtomicFileWriter::Create(path);
  ASSERT_TRUE(writer.ok()) << writer.status();
  ASSERT_TRUE((*writer)->Append("first\n").ok());
  ASSERT_TRUE((*writer)->StartWriteback().ok());
  ASSERT_TRUE((*writer)->Append("second\n").ok());
  // Written back, but not yet in place.
  EXPECT_FALSE(std::ifstream(path).good());
  ASSERT_TRUE((*writer)->Commit().ok());
  EXPECT_EQ(testing::ReadFileOrDie(path), "first\nsecond\n");
  EXPECT_EQ((*writer)->StartWriteback().code(), absl::StatusCode::kFailedPrecondition);
  std::remove(path.c_str());
  rmdir(dir.c_str());
}

// AppendDouble() prints as printf does ("%.6f" for weights, "%.9g" for
// probabilities in pairs.csv), over random bit patterns and the values a
// match weight and probability take.
TEST(CsvWriterTest, AppendDoubleMatchesPrintf) {
  std::mt19937_64 rng(7);
  std::vector<double> values = {0.0, -0.0, 1.0, -1.0, 0.5, 1e-300, 5e-324, 1.7976931348623157e308,
                                0.9999999995, 0.99999999949, 123456.0000005, -63.4807645,
                                std::numeric_limits<double>::infinity(),
                                -std::numeric_limits<double>::infinity()};
  std::uniform_real_distribution<double> weight(-80.0, 80.0), probability(0.0, 1.0);
  for (int i = 0; i < 20000; ++i) {
    values.push_back(weight(rng));
    values.push_back(probability(rng));
    const std::uint64_t bits = rng();
    double random_bits;
    std::memcpy(&random_bits, &bits, sizeof random_bits);
    if (!std::isnan(random_bits)) values.push_back(random_bits);
  }
  char expected[512];
  for (const double v : values) {
    std::string fixed, general;
    AppendDouble(&fixed, v, std::chars_format::fixed, 6);
    AppendDouble(&general, v, std::chars_format::general, 9);
    std::snprintf(expected, sizeof expected, "%.6f", v);
    ASSERT_EQ(fixed, expected) << v;
    std::snprintf(expected, sizeof expected, "%.9g", v);
    ASSERT_EQ(general, expected) << v;
  }
}

TEST(OutputTest, AbandonedWriterLeavesNothing) {
  const std::string dir = MakeTempDir();
  {
    absl::StatusOr<std::unique_ptr<AtomicFileWriter>> writer =
        AtomicFileWriter::Create(dir + "/out.json");
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append("partial").ok());
  }
  EXPECT_TRUE(ListDir(dir).empty());
  rmdir(dir.c_str());
}

TEST(OutputTest, UnwritableDirectoryIsAnErrorNamingThePath) {
  absl::Status status = WriteFileAtomically("/nonexistent/dir/out.csv", "x");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(),
            "cannot create a temporary file for /nonexistent/dir/out.csv: No "
            "such file or directory");
}

}  // namespace
}  // namespace linkage
