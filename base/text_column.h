// Copyright 2026 The Linkage Authors.
//
// TextColumn: a column of strings held back to back in one buffer, with the
// end offset of each. A million short strings (a ground-truth cluster
// column) cost one buffer and 8 bytes of offset each, and are appended a
// batch at a time with one copy, instead of a million std::string objects
// constructed one by one (and moved again each time their vector grows).
//
// Example:
//   TextColumn truth;
//   truth.Append("E001");
//   truth.Append("");
//   truth.size();  // 2
//   truth[0];      // "E001"
//
// Thread-safety: const methods may be called concurrently; writers need
// exclusive access.
#ifndef LINKAGE_BASE_TEXT_COLUMN_H_
#define LINKAGE_BASE_TEXT_COLUMN_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace linkage {

class TextColumn {
 public:
  std::size_t size() const noexcept { return ends_.size(); }
  bool empty() const noexcept { return ends_.empty(); }

  // Text i. REQUIRES: i < size().
  std::string_view operator[](std::size_t i) const noexcept {
    const std::uint64_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(begin, ends_[i] - begin);
  }

  void Append(std::string_view text) {
    bytes_.append(text);
    ends_.push_back(bytes_.size());
  }
  // Appends the texts a batch holds the same way: text i of the batch is
  // bytes[ends[i - 1], ends[i]) (from 0 for i == 0). REQUIRES: ends
  // ascending, ends.back() <= bytes.size().
  void AppendAll(std::string_view bytes, std::span<const std::uint64_t> ends) {
    if (ends.empty()) return;
    const std::uint64_t base = bytes_.size();
    bytes_.append(bytes.substr(0, ends.back()));
    for (const std::uint64_t end : ends) ends_.push_back(base + end);
  }

  // The texts as strings, for interfaces that keep their own copies.
  std::vector<std::string> ToStrings() const {
    std::vector<std::string> out;
    out.reserve(size());
    for (std::size_t i = 0; i < size(); ++i) out.emplace_back((*this)[i]);
    return out;
  }

 private:
  std::string bytes_;
  std::vector<std::uint64_t> ends_;
};

}  // namespace linkage

#endif  // LINKAGE_BASE_TEXT_COLUMN_H_
