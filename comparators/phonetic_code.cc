// Copyright 2026 The Linkage Authors.
#include "comparators/phonetic_code.h"

#include <cstddef>

#include "comparators/internal/utf8.h"

namespace linkage::internal {
namespace {

// Base letter of U+00C0..U+024F, generated from Unicode NFKD (first
// character, when the rest are combining marks): '.' not a letter we fold,
// '*' a ligature handled in FoldLatinLetter().
constexpr char kLatinFold[] =
    "AAAAAA*CEEEEIIIIDNOOOOO.OUUUUY**AAAAAA*CEEEEIIIIDNOOOOO.OUUUUY*Y"
    "AAAAAACCCCCCCCDDDDEEEEEEEEEEGGGGGGGGHHHHIIIIIIIIII**JJKKKLLLLLLL"
    "LLLNNNNNNNNNOOOOOO**RRRRRRSSSSSSSSTTTTTTUUUUUUUUUUUUWWYYYZZZZZZS"
    "................................OO.............UU..............."
    ".............AAIIOOUUUUUUUUUU.AAAA....GGKKOOOO..J...GG..NNAA...."
    "AAAAEEEEIIIIOOOORRRRUUUUSSTT..HH......AAEEOOOOOOOOYY............"
    "................";
static_assert(sizeof(kLatinFold) - 1 == 0x250 - 0xC0);

// Base letter of U+1E00..U+1EFF (Latin Extended Additional), as above.
constexpr char kLatinAdditionalFold[] =
    "AABBBBBBCCDDDDDDDDDDEEEEEEEEEEFFGGHHHHHHHHHHIIIIKKKKKKLLLLLLLLMM"
    "MMMMNNNNNNNNOOOOOOOOPPPPRRRRRRRRSSSSSSSSSSTTTTTTTTUUUUUUUUUUVVVV"
    "WWWWWWWWWWXXXXYYZZZZZZHTWY.S..*.AAAAAAAAAAAAAAAAAAAAAAAAEEEEEEEE"
    "EEEEEEEEIIIIOOOOOOOOOOOOOOOOOOOOOOOOUUUUUUUUUUUUUUYYYYYYYY......";
static_assert(sizeof(kLatinAdditionalFold) - 1 == 0x100);

int Two(char a, char b, char out[2]) noexcept {
  out[0] = a;
  out[1] = b;
  return 2;
}

}  // namespace

int FoldNonAsciiLetter(char32_t cp, char out[2]) noexcept {
  if (cp < 0x80) return FoldLatinLetter(cp, out);
  char base = '.';
  if (cp >= 0xC0 && cp < 0x250) {
    base = kLatinFold[cp - 0xC0];
  } else if (cp >= 0x1E00 && cp < 0x1F00) {
    base = kLatinAdditionalFold[cp - 0x1E00];
  }
  if (base == '*') {
    switch (cp) {
      case 0xC6: case 0xE6: return Two('A', 'E', out);    // Æ æ
      case 0xDE: case 0xFE: return Two('T', 'H', out);    // Þ þ
      case 0xDF: case 0x1E9E: return Two('S', 'S', out);  // ß ẞ
      case 0x132: case 0x133: return Two('I', 'J', out);  // Ĳ ĳ
      case 0x152: case 0x153: return Two('O', 'E', out);  // Œ œ
      default: return 0;
    }
  }
  if (base == '.') return 0;
  out[0] = base;
  return 1;
}

char32_t UpperLatin(char32_t cp) noexcept {
  if (cp >= 'a' && cp <= 'z') return cp - ('a' - 'A');
  if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 0x20;
  if (cp == 0xFF) return 0x178;
  if (cp >= 0x100 && cp < 0x180) {
    // Pairs (upper, lower) start at even code points except in
    // U+0139..U+0148 and U+0179..U+017E, where they start at odd ones.
    const bool odd_pairs = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
    if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F) return cp;
    if (odd_pairs ? (cp % 2 == 0) : (cp % 2 == 1)) return cp - 1;
  }
  return cp;
}

bool IsLatinLetter(char32_t cp) noexcept {
  char unused[2];
  return FoldLatinLetter(cp, unused) > 0;
}

void PrepareLetters(std::string_view name, bool fold_accents,
                    PreparedName* out) noexcept {
  out->size = 0;
  std::size_t pos = 0;
  while (pos < name.size() && out->size < PreparedName::kMaxNameChars) {
    const char32_t cp = DecodeOne(name, &pos);
    char folded[2];
    const int n = FoldLatinLetter(cp, folded);
    if (n == 0) continue;
    if (fold_accents || cp < 0x80) {
      for (int k = 0; k < n; ++k) out->push_back(static_cast<char32_t>(folded[k]));
    } else {
      out->push_back(UpperLatin(cp));
    }
  }
}

void AppendCodePoint(char32_t cp, PhoneticCode* code) noexcept {
  char buf[4];
  std::size_t n;
  if (cp >= 0xDC80 && cp <= 0xDCFF) {
    // An invalid input byte escaped by DecodeOne(): write the byte back.
    buf[0] = static_cast<char>(cp - 0xDC00);
    n = 1;
  } else if (cp < 0x80) {
    buf[0] = static_cast<char>(cp);
    n = 1;
  } else if (cp < 0x800) {
    buf[0] = static_cast<char>(0xC0 | (cp >> 6));
    buf[1] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    buf[0] = static_cast<char>(0xE0 | (cp >> 12));
    buf[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[2] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    buf[0] = static_cast<char>(0xF0 | (cp >> 18));
    buf[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 4;
  }
  if (code->size() + n > PhoneticCode::kCapacity) return;
  code->Append(std::string_view(buf, n));
}

}  // namespace linkage::internal
