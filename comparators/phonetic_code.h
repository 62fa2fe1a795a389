// Copyright 2026 The Linkage Authors.
//
// PhoneticCode: the small fixed-capacity value every phonetic encoder
// (Soundex, Double Metaphone, NYSIIS, Match Rating) returns, so that encoding
// a name never allocates. It holds up to kCapacity bytes inline, compares and
// hashes like the string it holds and converts to std::string_view.
//
// Also declares the name preparation the encoders share (internal): UTF-8
// decoding, upper-casing and folding of common Latin accents to ASCII
// (é->E, ß->SS, Ł->L, Æ->AE, ...). Letters outside Latin-1, Latin
// Extended-A/B and Latin Extended Additional (Greek, Cyrillic, CJK, ...) are
// not letters for the encoders and are ignored. Invalid UTF-8 bytes are
// ignored too.
//
// Example:
//   PhoneticCode code = Soundex("Ashcroft");   // "A261"
//   absl::flat_hash_map<PhoneticCode, int> counts;
//   ++counts[code];
//   std::string_view sv = code;                 // valid while `code` lives
//
// Thread-safety: a PhoneticCode is a plain value; const methods may be called
// from any number of threads. The functions are pure.
#ifndef LINKAGE_COMPARATORS_PHONETIC_CODE_H_
#define LINKAGE_COMPARATORS_PHONETIC_CODE_H_

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace linkage {

class PhoneticCode {
 public:
  // Bytes held inline. Longer codes are truncated (documented per encoder).
  static constexpr std::size_t kCapacity = 31;

  constexpr PhoneticCode() noexcept = default;

  // Builds a code from `s`, keeping at most kCapacity bytes.
  static PhoneticCode FromString(std::string_view s) noexcept {
    PhoneticCode code;
    code.Append(s);
    return code;
  }

  // The returned view is valid while this object lives and is not modified.
  std::string_view view() const noexcept { return {data_, size_}; }
  operator std::string_view() const noexcept { return view(); }  // NOLINT
  std::string ToString() const { return std::string(data_, size_); }

  const char* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  bool full() const noexcept { return size_ == kCapacity; }
  // REQUIRES: !empty().
  char back() const noexcept { return data_[size_ - 1]; }

  // Appends `c`; returns false (and changes nothing) when full.
  bool push_back(char c) noexcept {
    if (size_ == kCapacity) return false;
    data_[size_++] = c;
    return true;
  }
  // Appends as much of `s` as fits; returns false if anything was dropped.
  bool Append(std::string_view s) noexcept {
    bool all = true;
    for (char c : s) all = push_back(c) && all;
    return all;
  }
  // REQUIRES: !empty().
  void pop_back() noexcept { --size_; }
  // Keeps the first `n` bytes (no-op if n >= size()).
  void Truncate(std::size_t n) noexcept {
    if (n < size_) size_ = static_cast<std::uint8_t>(n);
  }
  void clear() noexcept { size_ = 0; }

  friend bool operator==(const PhoneticCode& a, const PhoneticCode& b) noexcept {
    return a.view() == b.view();
  }
  friend std::strong_ordering operator<=>(const PhoneticCode& a,
                                          const PhoneticCode& b) noexcept {
    return a.view() <=> b.view();
  }
  friend bool operator==(const PhoneticCode& a, std::string_view b) noexcept {
    return a.view() == b;
  }
  template <typename H>
  friend H AbslHashValue(H h, const PhoneticCode& code) {
    return H::combine(H::combine_contiguous(std::move(h), code.data_, code.size_),
                      code.size_);
  }

 private:
  char data_[kCapacity] = {};
  std::uint8_t size_ = 0;
};

namespace internal {

// Folds one code point to 0, 1 or 2 upper-case ASCII letters: ASCII letters
// are upper-cased; Latin letters with diacritics map to their base letter;
// ß->SS, Æ->AE, Œ->OE, Ĳ->IJ, Þ->TH, Ð/Đ->D, Ø->O, Ł->L, ı->I. Returns the
// number of letters written to out[0..1] (0: not a letter we know).
int FoldNonAsciiLetter(char32_t cp, char out[2]) noexcept;  // cp >= 0x80
inline int FoldLatinLetter(char32_t cp, char out[2]) noexcept {
  if (cp >= 0x80) return FoldNonAsciiLetter(cp, out);
  const char32_t upper = (cp >= 'a' && cp <= 'z') ? cp - ('a' - 'A') : cp;
  if (upper < 'A' || upper > 'Z') return 0;
  out[0] = static_cast<char>(upper);
  return 1;
}

// Simple upper-casing for Latin-1 and Latin Extended-A without folding
// (é->É, ä->Ä); other code points are returned unchanged.
char32_t UpperLatin(char32_t cp) noexcept;

// True for code points that are letters when accents are not folded: ASCII
// letters and every code point FoldLatinLetter() knows.
bool IsLatinLetter(char32_t cp) noexcept;

// A name prepared for an encoder: upper-case code points, at most
// kMaxNameChars (longer names are cut; no code is long enough to notice).
struct PreparedName {
  static constexpr std::size_t kMaxNameChars = 160;
  char32_t chars[kMaxNameChars];
  std::size_t size = 0;

  // The char at `i`, or 0 outside [0, size).
  char32_t at(std::ptrdiff_t i) const noexcept {
    return (i < 0 || static_cast<std::size_t>(i) >= size) ? 0 : chars[i];
  }
  void push_back(char32_t c) noexcept {
    if (size < kMaxNameChars) chars[size++] = c;
  }
};

// Letters only: keeps letters (folded to A-Z when `fold_accents`, else
// upper-cased Latin letters as code points) and drops everything else.
void PrepareLetters(std::string_view name, bool fold_accents,
                    PreparedName* out) noexcept;

// Appends the UTF-8 encoding of `cp` to `code` (all or nothing). An escaped
// invalid byte (U+DC80..U+DCFF, see internal/utf8.h) is written back as the
// original byte.
void AppendCodePoint(char32_t cp, PhoneticCode* code) noexcept;

}  // namespace internal
}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_PHONETIC_CODE_H_
