// Copyright 2026 The Linkage Authors.
#include "normalise/internal/unicode.h"

#include <memory>

#include "comparators/internal/utf8.h"
#include "unicode/normalizer2.h"
#include "unicode/translit.h"
#include "unicode/unistr.h"
#include "unicode/locid.h"

namespace linkage::internal {
namespace {

// One compound transliterator, built once; threads clone it because
// icu::Transliterator::transliterate is not safe for concurrent use.
const icu::Transliterator* Prototype() {
  static const icu::Transliterator* const prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    icu::Transliterator* t = icu::Transliterator::createInstance(
        icu::UnicodeString::fromUTF8("NFKC; Any-Latin; Latin-ASCII"),
        UTRANS_FORWARD, status);
    if (U_FAILURE(status)) {
      delete t;
      return static_cast<icu::Transliterator*>(nullptr);
    }
    return t;
  }();
  return prototype;
}

icu::Transliterator* ThreadTransliterator() {
  thread_local std::unique_ptr<icu::Transliterator> local;
  if (local == nullptr) {
    const icu::Transliterator* prototype = Prototype();
    if (prototype == nullptr) return nullptr;
    local.reset(prototype->clone());
  }
  return local.get();
}

// ASCII bytes: upper-case letters, whitespace to ' ', '`' to '\''.
// Returns false on a control character.
bool AppendFoldedAscii(std::string_view ascii, std::string* out) {
  for (char c : ascii) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (IsAsciiSpace(c)) {
      out->push_back(' ');
    } else if (u < 0x20 || u == 0x7F) {
      return false;
    } else if (c >= 'a' && c <= 'z') {
      out->push_back(static_cast<char>(c - 'a' + 'A'));
    } else if (c == '`') {
      out->push_back('\'');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

bool IsForbiddenControl(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

bool IsStrippedFormat(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200F) || cp == 0x061C || cp == 0x2060 ||
         cp == 0xFEFF || cp == 0x00AD || cp == 0x180E;
}

bool IsApostropheLike(char32_t cp) {
  return cp == 0x2018 || cp == 0x2019 || cp == 0x02BC || cp == 0x00B4 ||
         cp == 0x2032;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Rejects controls, strips invisible format characters, unifies apostrophes
// and folds ASCII. REQUIRES: `raw` is valid UTF-8. Returns false on a
// control character.
bool PrePass(std::string_view raw, std::string* out, bool* any_non_ascii) {
  out->clear();
  out->reserve(raw.size());
  *any_non_ascii = false;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    const std::size_t start = pos;
    const char32_t cp = DecodeOne(raw, &pos);
    if (cp < 0x80) {
      if (!AppendFoldedAscii(raw.substr(start, 1), out)) return false;
    } else if (IsForbiddenControl(cp)) {
      return false;
    } else if (IsStrippedFormat(cp)) {
      continue;
    } else if (IsApostropheLike(cp)) {
      out->push_back('\'');
    } else if (cp == 0x2028 || cp == 0x2029) {
      out->push_back(' ');
    } else {
      AppendUtf8(cp, out);
      *any_non_ascii = true;
    }
  }
  return true;
}

}  // namespace

Issue FoldToUpperAscii(std::string_view raw, std::size_t max_bytes,
                       bool transliterate, std::string* out) {
  out->clear();
  if (raw.size() > max_bytes) return Issue::kTooLong;
  if (IsAscii(raw)) {
    out->reserve(raw.size());
    return AppendFoldedAscii(raw, out) ? Issue::kNone
                                       : Issue::kControlCharacter;
  }
  if (!IsValidUtf8(raw)) return Issue::kInvalidUtf8;

  std::string pre;
  bool any_non_ascii = false;
  if (!PrePass(raw, &pre, &any_non_ascii)) return Issue::kControlCharacter;
  if (!any_non_ascii) {
    *out = std::move(pre);
    return Issue::kNone;
  }

  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(pre.data(), static_cast<int32_t>(pre.size())));
  if (transliterate) {
    icu::Transliterator* t = ThreadTransliterator();
    if (t != nullptr) t->transliterate(text);
    std::string folded;
    text.toUTF8String(folded);
    out->reserve(folded.size());
    // Whatever ICU could not express in ASCII is dropped; ICU output has no
    // controls, but map any to spaces rather than trust that.
    for (char c : folded) {
      const unsigned char u = static_cast<unsigned char>(c);
      if (u >= 0x80) continue;
      if (u < 0x20 || u == 0x7F) {
        out->push_back(' ');
      } else if (c >= 'a' && c <= 'z') {
        out->push_back(static_cast<char>(c - 'a' + 'A'));
      } else {
        out->push_back(c);
      }
    }
    return Issue::kNone;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_SUCCESS(status)) {
    icu::UnicodeString normalised = nfkc->normalize(text, status);
    if (U_SUCCESS(status)) text = std::move(normalised);
  }
  text.toUpper(icu::Locale::getRoot());
  if (U_SUCCESS(status)) {
    // Upper-casing can leave a string that NFKC would change again.
    icu::UnicodeString normalised = nfkc->normalize(text, status);
    if (U_SUCCESS(status)) text = std::move(normalised);
  }
  std::string upper;
  text.toUTF8String(upper);
  // NFKC can produce apostrophe look-alikes (U+0149 -> U+02BC n): unify
  // them again so that the output is a fixed point.
  if (!PrePass(upper, out, &any_non_ascii)) {
    out->clear();
    for (char c : upper) {
      const unsigned char u = static_cast<unsigned char>(c);
      out->push_back(u < 0x20 || u == 0x7F ? ' ' : c);
    }
  }
  return Issue::kNone;
}

}  // namespace linkage::internal
