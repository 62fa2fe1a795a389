// Copyright 2026 The Linkage Authors.
//
// Dictionary: the unique normalised values of one RecordTable column, each
// stored once with its derived parts and the number of records holding it
// (its term frequency). Everything expensive about a value (normalising,
// phonetic codes, blocking keys) is done once per dictionary entry, not once
// per record.
//
// Storage is one character arena plus offsets: a value with P parts takes
// (P + 1) * 4 bytes of offsets and its characters, with no per-string heap
// allocation, which is what keeps a million-record register small.
//
// Example:
//   const Dictionary& dict = table.column(c).dictionary;
//   for (uint32_t id = 0; id < dict.size(); ++id)
//     Print(dict.value(id), dict.part(id, 0), dict.count(id));
//
// Thread-safety: immutable once built (by RecordTableBuilder); const methods
// may be called concurrently. A Matcher appends to its register's
// dictionaries under its exclusive lock.
#ifndef LINKAGE_LINKAGE_DICTIONARY_H_
#define LINKAGE_LINKAGE_DICTIONARY_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace linkage {

// The value id of a null (missing or invalid) field.
inline constexpr std::uint32_t kNullValue = 0xFFFFFFFFu;

class Dictionary {
 public:
  Dictionary() = default;
  explicit Dictionary(std::size_t num_parts) : num_parts_(num_parts) {
    offsets_.push_back(0);
  }

  // Number of unique values.
  std::uint32_t size() const noexcept {
    return static_cast<std::uint32_t>(counts_.size());
  }
  std::size_t num_parts() const noexcept { return num_parts_; }

  // The canonical value. REQUIRES: id < size().
  std::string_view value(std::uint32_t id) const noexcept {
    return Slice(id * (num_parts_ + 1));
  }
  // Derived part `part` (aligned with the column's part names); empty when
  // absent. REQUIRES: id < size(), part < num_parts().
  std::string_view part(std::uint32_t id, std::size_t part) const noexcept {
    return Slice(id * (num_parts_ + 1) + 1 + part);
  }
  // Records holding this value.
  std::uint32_t count(std::uint32_t id) const noexcept { return counts_[id]; }
  // Records with a non-null value in this column.
  std::uint64_t non_null_count() const noexcept { return non_null_; }
  // count(id) / non_null_count(): Splink's term frequency.
  double term_frequency(std::uint32_t id) const noexcept {
    return non_null_ == 0 ? 0.0
                          : static_cast<double>(counts_[id]) /
                                static_cast<double>(non_null_);
  }

  // Appends a value with its parts and returns its id. Used by the builder.
  // REQUIRES: parts.size() == num_parts().
  std::uint32_t Append(std::string_view value,
                       std::span<const std::string> parts) {
    return AppendWithParts(value, parts);
  }
  // The same, for parts held as views.
  std::uint32_t Append(std::string_view value,
                       std::span<const std::string_view> parts) {
    return AppendWithParts(value, parts);
  }
  // Room for `values` more values of `chars` characters in all (values and
  // parts), so that appending them does not grow the storage step by step.
  void Reserve(std::size_t values, std::size_t chars) {
    arena_.reserve(arena_.size() + chars);
    offsets_.reserve(offsets_.size() + values * (num_parts_ + 1));
    counts_.reserve(counts_.size() + values);
  }
  void AddCount(std::uint32_t id, std::uint32_t times = 1) noexcept {
    counts_[id] += times;
    non_null_ += times;
  }
  // Undoes one AddCount (a streaming register removing a record; the value
  // itself stays, with count 0). REQUIRES: count(id) > 0.
  void SubtractCount(std::uint32_t id) noexcept {
    --counts_[id];
    --non_null_;
  }

  std::size_t MemoryBytes() const noexcept {
    return arena_.capacity() + offsets_.capacity() * sizeof(std::uint32_t) +
           counts_.capacity() * sizeof(std::uint32_t);
  }
  // Releases spare capacity where it is more than an eighth of the size (a
  // smaller excess is not worth copying the storage for).
  void ShrinkToFit() {
    const auto wasteful = [](std::size_t size, std::size_t capacity) {
      return capacity - size > size / 8;
    };
    if (wasteful(arena_.size(), arena_.capacity())) arena_.shrink_to_fit();
    if (wasteful(offsets_.size(), offsets_.capacity())) offsets_.shrink_to_fit();
    if (wasteful(counts_.size(), counts_.capacity())) counts_.shrink_to_fit();
  }

 private:
  template <typename Parts>
  std::uint32_t AppendWithParts(std::string_view value, const Parts& parts) {
    AppendSlice(value);
    for (std::string_view p : parts) AppendSlice(p);
    counts_.push_back(0);
    return size() - 1;
  }
  std::string_view Slice(std::size_t index) const noexcept {
    return std::string_view(arena_).substr(offsets_[index],
                                           offsets_[index + 1] - offsets_[index]);
  }
  void AppendSlice(std::string_view s) {
    arena_.append(s);
    offsets_.push_back(static_cast<std::uint32_t>(arena_.size()));
  }

  std::size_t num_parts_ = 0;
  std::string arena_;
  std::vector<std::uint32_t> offsets_;  // (num_parts + 1) per value, + 1
  std::vector<std::uint32_t> counts_;
  std::uint64_t non_null_ = 0;
};

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_DICTIONARY_H_
