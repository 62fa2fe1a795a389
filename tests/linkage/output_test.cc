// Copyright 2026 The Linkage Authors.
#include "linkage/output.h"

#include <dirent.h>

#include <cstdio>
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
