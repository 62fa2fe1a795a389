// Copyright 2026 The Linkage Authors.
#include "base/text_column.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "linkage/evaluation.h"

namespace linkage {
namespace {

using ::testing::ElementsAre;

TEST(TextColumnTest, HoldsTextsInOrderEmptyOnesIncluded) {
  TextColumn column;
  EXPECT_TRUE(column.empty());
  column.Append("E001");
  column.Append("");
  column.Append("Siobhán");
  ASSERT_EQ(column.size(), 3u);
  EXPECT_EQ(column[0], "E001");
  EXPECT_EQ(column[1], "");
  EXPECT_EQ(column[2], "Siobhán");
  EXPECT_THAT(column.ToStrings(), ElementsAre("E001", "", "Siobhán"));
}

TEST(TextColumnTest, AppendAllTakesABatchLikeAppendOneByOne) {
  // A batch as the reader stores a column: bytes back to back, end offsets
  // from the batch's start, with spare bytes after the last end.
  const std::string bytes = "abcdefXYZ";
  const std::vector<std::uint64_t> ends = {2, 2, 6};  // "ab", "", "cdef"
  TextColumn batched, single;
  batched.Append("first");
  single.Append("first");
  batched.AppendAll(bytes, ends);
  for (const char* text : {"ab", "", "cdef"}) single.Append(text);
  batched.AppendAll(bytes, {});  // nothing
  EXPECT_EQ(batched.ToStrings(), single.ToStrings());
  EXPECT_THAT(batched.ToStrings(), ElementsAre("first", "ab", "", "cdef"));
}

TEST(TextColumnTest, InternsAsTheStringsDo) {
  const std::vector<std::string> labels = {"b", "", "a", "b", "c", "a", ""};
  TextColumn column;
  for (const std::string& label : labels) column.Append(label);
  const Labels from_column = InternLabels(column);
  const Labels from_strings = InternLabels(labels);
  EXPECT_EQ(from_column.ids, from_strings.ids);
  EXPECT_EQ(from_column.count, 3u);
  EXPECT_THAT(from_column.ids, ElementsAre(1, 0, 2, 1, 3, 2, 0));
}

}  // namespace
}  // namespace linkage
