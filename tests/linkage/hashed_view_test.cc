// Copyright 2026 The Linkage Authors.
//
// base/hashed_view.h: BytesEqual against memcmp for every length up to 40
// and a change at every position; HashedViewMap interning as a map of
// std::string would.
#include "base/hashed_view.h"

#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace linkage {
namespace {

TEST(HashedViewTest, BytesEqualAgreesWithMemcmp) {
  std::mt19937_64 rng(3);
  for (std::size_t n = 0; n <= 40; ++n) {
    for (int trial = 0; trial < 20; ++trial) {
      std::string a(n, '\0');
      for (char& c : a) c = static_cast<char>(rng() % 256);
      // A copy at another address (and alignment).
      const std::string padded = "x" + a;
      const char* b = padded.data() + 1;
      ASSERT_TRUE(BytesEqual(a.data(), b, n)) << n;
      for (std::size_t i = 0; i < n; ++i) {
        std::string c = a;
        c[i] = static_cast<char>(c[i] ^ (1 << (rng() % 8)));
        ASSERT_EQ(BytesEqual(a.data(), c.data(), n), std::memcmp(a.data(), c.data(), n) == 0)
            << "length " << n << ", byte " << i;
        ASSERT_FALSE(BytesEqual(a.data(), c.data(), n)) << "length " << n << ", byte " << i;
      }
    }
  }
}

TEST(HashedViewTest, MapInternsAsAStringMapWould) {
  std::mt19937_64 rng(9);
  std::vector<std::string> values;
  // Short values over a small alphabet, so that many repeat and many share
  // prefixes, suffixes and lengths.
  for (int i = 0; i < 50000; ++i) {
    std::string s(rng() % 20, 'a');
    for (char& c : s) c = static_cast<char>('a' + rng() % 3);
    values.push_back(std::move(s));
  }
  HashedViewMap<std::uint32_t> ids;
  std::map<std::string, std::uint32_t> expected;
  for (const std::string& v : values) {
    const auto [it, added] =
        ids.try_emplace(MakeHashedView(v), static_cast<std::uint32_t>(ids.size()));
    const auto [want, want_added] =
        expected.try_emplace(v, static_cast<std::uint32_t>(expected.size()));
    ASSERT_EQ(added, want_added) << v;
    ASSERT_EQ(it->second, want->second) << v;
  }
  EXPECT_EQ(ids.size(), expected.size());
}

}  // namespace
}  // namespace linkage
