// Copyright 2026 The Linkage Authors.

#include "comparators/reference/string_metrics_reference.h"

#include <algorithm>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "comparators/internal/utf8.h"

namespace linkage::reference {

std::u32string Decode(std::string_view s) {
  std::u32string out(internal::CountCodePoints(s), U'\0');
  internal::DecodeUtf8(s, out.data(), out.size());
  return out;
}

namespace {

double JaroWinklerImpl(const std::u32string& s1, const std::u32string& s2,
                       const JaroWinklerOptions& options, bool winklerize) {
  const std::size_t len1 = s1.size();
  const std::size_t len2 = s2.size();
  if (len1 == 0 && len2 == 0) {
    return options.empty_strings == EmptyStrings::kOne ? 1.0 : 0.0;
  }
  if (len1 == 0 || len2 == 0) return 0.0;
  const std::size_t min_len = std::min(len1, len2);
  long search_range = static_cast<long>(std::max(len1, len2)) / 2 - 1;
  if (search_range < 0) search_range = 0;
  std::vector<bool> flags1(len1, false);
  std::vector<bool> flags2(len2, false);
  std::size_t common = 0;
  for (std::size_t i = 0; i < len1; ++i) {
    const long low = std::max(0L, static_cast<long>(i) - search_range);
    const long hi = std::min(static_cast<long>(i) + search_range,
                             static_cast<long>(len2) - 1);
    for (long j = low; j <= hi; ++j) {
      if (!flags2[j] && s2[j] == s1[i]) {
        flags1[i] = flags2[j] = true;
        ++common;
        break;
      }
    }
  }
  if (common == 0) return 0.0;
  std::size_t k = 0;
  std::size_t trans = 0;
  for (std::size_t i = 0; i < len1; ++i) {
    if (!flags1[i]) continue;
    std::size_t j = k;
    for (; j < len2; ++j) {
      if (flags2[j]) {
        k = j + 1;
        break;
      }
    }
    if (s1[i] != s2[j]) ++trans;
  }
  trans /= 2;
  const double c = static_cast<double>(common);
  double weight = (c / len1 + c / len2 + (c - trans) / c) / 3.0;
  if (winklerize && weight > options.boost_threshold) {
    const std::size_t j = std::min(min_len, options.max_prefix);
    std::size_t i = 0;
    while (i < j && s1[i] == s2[i]) ++i;
    if (i) weight += i * options.prefix_scale * (1.0 - weight);
    if (options.long_tolerance && min_len > 4 && common > i + 1 &&
        2 * common >= min_len + i) {
      weight += (1.0 - weight) * (static_cast<double>(common - i - 1) /
                                  static_cast<double>(len1 + len2 - i * 2 + 2));
    }
  }
  return weight;
}

std::vector<std::vector<std::size_t>> Matrix(std::size_t rows,
                                             std::size_t cols) {
  return std::vector<std::vector<std::size_t>>(
      rows, std::vector<std::size_t>(cols, 0));
}

}  // namespace

double Jaro(std::string_view a, std::string_view b,
            EmptyStrings empty_strings) {
  JaroWinklerOptions options;
  options.empty_strings = empty_strings;
  return JaroWinklerImpl(Decode(a), Decode(b), options, false);
}

double JaroWinkler(std::string_view a, std::string_view b,
                   const JaroWinklerOptions& options) {
  return JaroWinklerImpl(Decode(a), Decode(b), options, true);
}

std::size_t Levenshtein(std::string_view a, std::string_view b,
                        const LevenshteinWeights& w) {
  const std::u32string s = Decode(a);
  const std::u32string t = Decode(b);
  auto d = Matrix(s.size() + 1, t.size() + 1);
  for (std::size_t i = 0; i <= s.size(); ++i) d[i][0] = i * w.delete_cost;
  for (std::size_t j = 0; j <= t.size(); ++j) d[0][j] = j * w.insert_cost;
  for (std::size_t i = 1; i <= s.size(); ++i) {
    for (std::size_t j = 1; j <= t.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + w.delete_cost,
                          d[i][j - 1] + w.insert_cost,
                          d[i - 1][j - 1] +
                              (s[i - 1] == t[j - 1] ? 0 : w.replace_cost)});
    }
  }
  return d[s.size()][t.size()];
}

std::size_t Osa(std::string_view a, std::string_view b) {
  const std::u32string s = Decode(a);
  const std::u32string t = Decode(b);
  auto d = Matrix(s.size() + 1, t.size() + 1);
  for (std::size_t i = 0; i <= s.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= t.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= s.size(); ++i) {
    for (std::size_t j = 1; j <= t.size(); ++j) {
      const std::size_t cost = s[i - 1] == t[j - 1] ? 0 : 1;
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && s[i - 1] == t[j - 2] && s[i - 2] == t[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[s.size()][t.size()];
}

std::size_t DamerauLevenshtein(std::string_view a, std::string_view b) {
  // Wikipedia's "distance with adjacent transpositions": d has an extra
  // leading row and column (index -1 -> 0 here) holding maxdist.
  const std::u32string s = Decode(a);
  const std::u32string t = Decode(b);
  const std::size_t n = s.size();
  const std::size_t m = t.size();
  const std::size_t maxdist = n + m;
  std::map<char32_t, std::size_t> da;
  auto d = Matrix(n + 2, m + 2);
  d[0][0] = maxdist;
  for (std::size_t i = 0; i <= n; ++i) {
    d[i + 1][0] = maxdist;
    d[i + 1][1] = i;
  }
  for (std::size_t j = 0; j <= m; ++j) {
    d[0][j + 1] = maxdist;
    d[1][j + 1] = j;
  }
  for (std::size_t i = 1; i <= n; ++i) {
    std::size_t db = 0;
    for (std::size_t j = 1; j <= m; ++j) {
      const auto it = da.find(t[j - 1]);
      const std::size_t k = it == da.end() ? 0 : it->second;
      const std::size_t l = db;
      std::size_t cost = 1;
      if (s[i - 1] == t[j - 1]) {
        cost = 0;
        db = j;
      }
      d[i + 1][j + 1] = std::min({d[i][j] + cost, d[i + 1][j] + 1,
                                  d[i][j + 1] + 1,
                                  d[k][l] + (i - k - 1) + 1 + (j - l - 1)});
    }
    da[s[i - 1]] = i;
  }
  return d[n + 1][m + 1];
}

std::size_t Hamming(std::string_view a, std::string_view b) {
  const std::u32string s = Decode(a);
  const std::u32string t = Decode(b);
  std::size_t distance = 0;
  for (std::size_t i = 0; i < std::max(s.size(), t.size()); ++i) {
    if (i >= s.size() || i >= t.size() || s[i] != t[i]) ++distance;
  }
  return distance;
}

std::size_t LcsSeq(std::string_view a, std::string_view b) {
  const std::u32string s = Decode(a);
  const std::u32string t = Decode(b);
  auto d = Matrix(s.size() + 1, t.size() + 1);
  for (std::size_t i = 1; i <= s.size(); ++i) {
    for (std::size_t j = 1; j <= t.size(); ++j) {
      d[i][j] = s[i - 1] == t[j - 1] ? d[i - 1][j - 1] + 1
                                     : std::max(d[i - 1][j], d[i][j - 1]);
    }
  }
  return d[s.size()][t.size()];
}

std::size_t LongestCommonSubstring(std::string_view a, std::string_view b) {
  const std::u32string s = Decode(a);
  const std::u32string t = Decode(b);
  auto d = Matrix(s.size() + 1, t.size() + 1);
  std::size_t best = 0;
  for (std::size_t i = 1; i <= s.size(); ++i) {
    for (std::size_t j = 1; j <= t.size(); ++j) {
      if (s[i - 1] == t[j - 1]) d[i][j] = d[i - 1][j - 1] + 1;
      best = std::max(best, d[i][j]);
    }
  }
  return best;
}

namespace {

std::set<std::u32string> Grams(const std::u32string& s,
                               const QgramOptions& options) {
  std::set<std::u32string> grams;
  const std::size_t q = options.q;
  if (s.empty()) return grams;
  if (options.mode == QgramMode::kChunks) {
    for (std::size_t i = 0; i < s.size(); i += q) grams.insert(s.substr(i, q));
  } else if (s.size() < q) {
    grams.insert(s);
  } else {
    for (std::size_t i = 0; i + q <= s.size(); ++i) {
      grams.insert(s.substr(i, q));
    }
  }
  return grams;
}

double SetJaccard(const std::set<std::u32string>& x,
                  const std::set<std::u32string>& y,
                  EmptyStrings empty_strings) {
  std::size_t common = 0;
  for (const auto& g : x) common += y.count(g);
  const std::size_t union_size = x.size() + y.size() - common;
  if (union_size == 0) return empty_strings == EmptyStrings::kOne ? 1.0 : 0.0;
  return static_cast<double>(common) / static_cast<double>(union_size);
}

std::set<std::u32string> Tokens(const std::u32string& s) {
  std::set<std::u32string> tokens;
  std::u32string token;
  for (char32_t c : s) {
    if (IsUnicodeWhiteSpace(c)) {
      if (!token.empty()) tokens.insert(token);
      token.clear();
    } else {
      token.push_back(c);
    }
  }
  if (!token.empty()) tokens.insert(token);
  return tokens;
}

}  // namespace

double QgramJaccard(std::string_view a, std::string_view b,
                    const QgramOptions& options) {
  return SetJaccard(Grams(Decode(a), options), Grams(Decode(b), options),
                    options.empty_strings);
}

double TokenJaccard(std::string_view a, std::string_view b,
                    EmptyStrings empty_strings) {
  return SetJaccard(Tokens(Decode(a)), Tokens(Decode(b)), empty_strings);
}

}  // namespace linkage::reference
