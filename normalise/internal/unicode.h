// Copyright 2026 The Linkage Authors.
//
// The Unicode front end shared by the text, name and address-line
// normalisers: validates raw bytes and folds them to upper-case ASCII with
// ICU (NFKC, Any-Latin, Latin-ASCII). Punctuation is kept; what counts as a
// word is decided by the callers.
//
// What happens to each kind of input (documented once, here):
//   - more than `max_bytes` bytes: kTooLong, checked before anything else so
//     a 1 MB field costs one comparison;
//   - invalid UTF-8: kInvalidUtf8;
//   - NUL and the other C0 controls except TAB/LF/VT/FF/CR, DEL, C1 controls
//     (U+0080..U+009F), bidi embeddings, overrides and isolates
//     (U+202A..U+202E, U+2066..U+2069): kControlCharacter;
//   - TAB/LF/VT/FF/CR and every Unicode space (via NFKC): a space;
//   - invisible format characters are stripped: zero-width space/non-joiner/
//     joiner (U+200B..U+200D), LRM/RLM (U+200E/U+200F), ALM (U+061C), word
//     joiner (U+2060), BOM (U+FEFF), soft hyphen (U+00AD), Mongolian vowel
//     separator (U+180E);
//   - apostrophe look-alikes (U+2018, U+2019, U+02BC, U+0060, U+00B4,
//     U+2032) become '\'' so that O’Brien == O'Brien;
//   - with transliteration (the default): NFKC (fullwidth letters, ligatures,
//     compatibility forms), then ICU "Any-Latin; Latin-ASCII": Siobhán ->
//     SIOBHAN, Łukasz -> LUKASZ, Zoë -> ZOE, Müller -> MULLER (not MUELLER:
//     Latin-ASCII drops diacritics, it does not apply German conventions),
//     ß -> SS, Ø -> O, Æ -> AE, Ð -> D, Þ -> TH, Greek and Cyrillic by ICU's
//     transliterators, CJK ideographs by their Mandarin pinyin without
//     tones (also for Japanese kanji: 山田 -> SHAN TIAN), kana to romaji. Anything still
//     not ASCII afterwards (emoji, symbols, stray combining marks) is dropped.
//   - without transliteration: NFKC and Unicode upper-casing only; the
//     result is UTF-8 and may contain non-ASCII letters.
//
// Example:
//   std::string out;
//   Issue issue = internal::FoldToUpperAscii("Siobhán O’Brien", 1024, true,
//                                            &out);
//   // issue == Issue::kNone, out == "SIOBHAN O'BRIEN"
//
// Thread-safety: thread-safe. ICU transliterators are not safe for
// concurrent use, so each thread clones its own on first non-ASCII input.
#ifndef LINKAGE_NORMALISE_INTERNAL_UNICODE_H_
#define LINKAGE_NORMALISE_INTERNAL_UNICODE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "normalise/normaliser.h"

namespace linkage::internal {

// Validates `raw` and writes its upper-case fold to `*out` (replacing its
// contents). Returns kNone on success, else kTooLong, kInvalidUtf8 or
// kControlCharacter (then `*out` is unspecified). Does not trim or collapse
// whitespace. ASCII input never touches ICU.
// REQUIRES: out != nullptr.
Issue FoldToUpperAscii(std::string_view raw, std::size_t max_bytes,
                       bool transliterate, std::string* out);

// True for ASCII letters, ASCII digits, and (in non-transliterated output)
// any byte of a multi-byte UTF-8 sequence.
inline bool IsWordByte(char c) noexcept {
  const unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
         (u >= '0' && u <= '9') || u >= 0x80;
}

inline bool IsAsciiDigit(char c) noexcept { return c >= '0' && c <= '9'; }

inline bool IsAsciiSpace(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r';
}

}  // namespace linkage::internal

#endif  // LINKAGE_NORMALISE_INTERNAL_UNICODE_H_
