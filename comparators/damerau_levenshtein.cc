// Copyright 2026 The Linkage Authors.

#include "comparators/damerau_levenshtein.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

#include "comparators/internal/code_points.h"

namespace linkage {
namespace {

using internal::Units;

constexpr std::size_t kInlineMatrix = 66 * 66;

// Last row (1-based) in which each unit of `a` occurred so far. Units below
// 256 use a table; others a short list (only on the non-Latin-1 path).
class LastRow {
 public:
  LastRow() noexcept { std::memset(table_, 0, sizeof(table_)); }
  std::uint32_t Get(char32_t c) const noexcept {
    if (c < 256) return table_[c];
    for (std::size_t k = 0; k < ext_size_; ++k) {
      if (ext_keys_[k] == c) return ext_rows_[k];
    }
    return 0;
  }
  void Set(char32_t c, std::uint32_t row) {
    if (c < 256) {
      table_[c] = row;
      return;
    }
    for (std::size_t k = 0; k < ext_size_; ++k) {
      if (ext_keys_[k] == c) {
        ext_rows_[k] = row;
        return;
      }
    }
    if (ext_size_ == ext_capacity_) Grow();
    ext_keys_[ext_size_] = c;
    ext_rows_[ext_size_] = row;
    ++ext_size_;
  }

 private:
  void Grow() {
    const std::size_t capacity = ext_capacity_ == 0 ? 16 : 2 * ext_capacity_;
    std::unique_ptr<char32_t[]> keys(new char32_t[capacity]);
    std::unique_ptr<std::uint32_t[]> rows(new std::uint32_t[capacity]);
    std::copy(ext_keys_.get(), ext_keys_.get() + ext_size_, keys.get());
    std::copy(ext_rows_.get(), ext_rows_.get() + ext_size_, rows.get());
    ext_keys_ = std::move(keys);
    ext_rows_ = std::move(rows);
    ext_capacity_ = capacity;
  }

  std::uint32_t table_[256];
  std::unique_ptr<char32_t[]> ext_keys_;
  std::unique_ptr<std::uint32_t[]> ext_rows_;
  std::size_t ext_size_ = 0;
  std::size_t ext_capacity_ = 0;
};

// The distance, or any value above `cutoff` when it exceeds `cutoff`.
template <typename A, typename B>
std::size_t DamerauUnits(Units<A> a, Units<B> b, std::size_t cutoff) noexcept {
  internal::StripCommonAffix(a, b);
  if (a.size == 0 || b.size == 0) return a.size + b.size;
  if (cutoff <= 1) {
    // After stripping, a and b differ in their first and last units. One
    // edit is then one substitution (one unit each) or one adjacent
    // transposition ("xy" against "yx"); an insertion or deletion would have
    // left one side empty. Anything else needs two edits or more. (Dates of
    // birth compared at "damerau_levenshtein <= 1" take this path.)
    if (a.size == 1 && b.size == 1) return 1;
    if (a.size == 2 && b.size == 2 && a[0] == b[1] && a[1] == b[0]) return 1;
    return 2;
  }
  const std::size_t rows = a.size + 2;
  const std::size_t cols = b.size + 2;
  std::uint32_t inline_matrix[kInlineMatrix];
  std::unique_ptr<std::uint32_t[]> heap;
  std::uint32_t* h = inline_matrix;
  if (rows * cols > kInlineMatrix) {
    heap.reset(new std::uint32_t[rows * cols]);
    h = heap.get();
  }
  auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& {
    return h[i * cols + j];
  };
  const auto infinity = static_cast<std::uint32_t>(a.size + b.size);
  at(0, 0) = infinity;
  for (std::size_t i = 0; i <= a.size; ++i) {
    at(i + 1, 0) = infinity;
    at(i + 1, 1) = static_cast<std::uint32_t>(i);
  }
  for (std::size_t j = 0; j <= b.size; ++j) {
    at(0, j + 1) = infinity;
    at(1, j + 1) = static_cast<std::uint32_t>(j);
  }
  LastRow last_row;
  for (std::size_t i = 1; i <= a.size; ++i) {
    std::size_t last_col = 0;
    for (std::size_t j = 1; j <= b.size; ++j) {
      const std::size_t i1 = last_row.Get(b[j - 1]);
      const std::size_t j1 = last_col;
      std::uint32_t cost = 1;
      if (a[i - 1] == b[j - 1]) {
        cost = 0;
        last_col = j;
      }
      std::uint32_t best = std::min({at(i, j) + cost, at(i + 1, j) + 1,
                                     at(i, j + 1) + 1});
      const std::size_t transpose =
          at(i1, j1) + (i - i1 - 1) + 1 + (j - j1 - 1);
      if (transpose < best) best = static_cast<std::uint32_t>(transpose);
      at(i + 1, j + 1) = best;
    }
    last_row.Set(a[i - 1], static_cast<std::uint32_t>(i));
  }
  return at(a.size + 1, b.size + 1);
}

}  // namespace

std::size_t DamerauLevenshteinDistance(std::string_view a, std::string_view b,
                                       std::size_t score_cutoff) noexcept {
  const bool ascii = internal::IsAscii(a) && internal::IsAscii(b);
  if (ascii && (a.size() > b.size() ? a.size() - b.size()
                                    : b.size() - a.size()) > score_cutoff) {
    return score_cutoff + 1;
  }
  const std::size_t d = internal::DispatchUnits(
      a, b, [score_cutoff](auto ua, auto ub) noexcept {
        return DamerauUnits(ua, ub, score_cutoff);
      });
  return d <= score_cutoff ? d : score_cutoff + 1;
}

double DamerauLevenshteinNormalizedSimilarity(std::string_view a,
                                              std::string_view b,
                                              double score_cutoff) noexcept {
  return internal::DispatchUnits(a, b, [&](auto ua, auto ub) noexcept {
    const std::size_t maximum = std::max(ua.size, ub.size);
    const double s =
        maximum == 0
            ? 1.0
            : 1.0 - static_cast<double>(DamerauUnits(ua, ub, SIZE_MAX)) / maximum;
    return s >= score_cutoff ? s : 0.0;
  });
}

}  // namespace linkage
