// Copyright 2026 The Linkage Authors.
//
// A rule-for-rule port of commons-codec's DoubleMetaphone.java. Handler and
// condition names follow the Java source so the two can be read side by side.
#include "comparators/double_metaphone.h"

#include <cstddef>
#include <initializer_list>

#include "comparators/internal/utf8.h"

namespace linkage {
namespace {

using Index = std::ptrdiff_t;

constexpr char32_t kCedilla = 0xC7;  // Ç
constexpr char32_t kEnye = 0xD1;     // Ñ

// The cleaned input: trimmed, upper-cased, accents folded.
class Value {
 public:
  Value(std::string_view name, bool fold_accents) noexcept {
    std::size_t pos = 0;
    while (pos < name.size() && size_ < kMaxChars) {
      const char32_t cp = internal::DecodeOne(name, &pos);
      char32_t upper = internal::UpperLatin(cp);
      if (upper == kCedilla || upper == kEnye || !fold_accents || cp < 0x80) {
        Push(upper);
        continue;
      }
      char letters[2];
      const int n = internal::FoldLatinLetter(cp, letters);
      if (n == 0) {
        Push(cp);
      } else {
        for (int k = 0; k < n; ++k) Push(static_cast<char32_t>(letters[k]));
      }
    }
    // Java's String.trim(): drop code points <= ' ' at both ends.
    Index begin = 0;
    while (begin < static_cast<Index>(size_) && chars_[begin] <= ' ') ++begin;
    Index end = static_cast<Index>(size_);
    while (end > begin && chars_[end - 1] <= ' ') --end;
    begin_ = begin;
    size_ = static_cast<std::size_t>(end - begin);
  }

  Index length() const noexcept { return static_cast<Index>(size_); }
  // commons-codec's charAt(): 0 outside the value.
  char32_t At(Index i) const noexcept {
    return (i < 0 || i >= length()) ? 0 : chars_[begin_ + i];
  }
  // commons-codec's contains(): true if the substring at `start` equals one
  // of `criteria` (all of one length).
  bool Contains(Index start, std::initializer_list<std::string_view> criteria) const noexcept {
    const Index len = static_cast<Index>(criteria.begin()->size());
    if (start < 0 || start + len > length()) return false;
    for (std::string_view criterion : criteria) {
      bool equal = true;
      for (Index k = 0; k < len; ++k) {
        if (chars_[begin_ + start + k] != static_cast<char32_t>(criterion[k])) {
          equal = false;
          break;
        }
      }
      if (equal) return true;
    }
    return false;
  }
  bool Contains(Index start, std::string_view criterion) const noexcept {
    return Contains(start, {criterion});
  }
  bool ContainsAnywhere(std::string_view needle) const noexcept {
    for (Index start = 0; start + static_cast<Index>(needle.size()) <= length(); ++start) {
      if (Contains(start, needle)) return true;
    }
    return false;
  }

 private:
  static constexpr std::size_t kMaxChars = 160;
  void Push(char32_t c) noexcept {
    if (size_ < kMaxChars) chars_[size_++] = c;
  }
  char32_t chars_[kMaxChars];
  std::size_t size_ = 0;
  Index begin_ = 0;
};

constexpr bool IsVowel(char32_t c) {
  return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' || c == 'Y';
}

// commons-codec's DoubleMetaphoneResult.
class Result {
 public:
  explicit Result(std::size_t max_length) : max_length_(max_length) {}

  void Append(char c) { Append(c, c); }
  void Append(char primary, char alternate) {
    AppendPrimary(primary);
    AppendAlternate(alternate);
  }
  void Append(std::string_view s) { Append(s, s); }
  void Append(std::string_view primary, std::string_view alternate) {
    for (char c : primary) AppendPrimary(c);
    for (char c : alternate) AppendAlternate(c);
  }
  void AppendPrimary(char c) {
    if (code_.primary.size() < max_length_) code_.primary.push_back(c);
  }
  void AppendAlternate(char c) {
    if (code_.alternate.size() < max_length_) code_.alternate.push_back(c);
  }
  bool IsComplete() const {
    return code_.primary.size() >= max_length_ && code_.alternate.size() >= max_length_;
  }
  const DoubleMetaphoneCode& code() const { return code_; }

 private:
  std::size_t max_length_;
  DoubleMetaphoneCode code_;
};

class Encoder {
 public:
  Encoder(const Value& value, Result* result) : v_(value), r_(*result) {
    slavo_germanic_ = v_.ContainsAnywhere("W") || v_.ContainsAnywhere("K") ||
                      v_.ContainsAnywhere("CZ") || v_.ContainsAnywhere("WITZ");
  }

  void Run() {
    Index index = IsSilentStart() ? 1 : 0;
    const Index last = v_.length() - 1;
    while (!r_.IsComplete() && index <= last) {
      const char32_t c = v_.At(index);
      switch (c) {
        case 'A': case 'E': case 'I': case 'O': case 'U': case 'Y':
          if (index == 0) r_.Append('A');
          ++index;
          break;
        case 'B':
          r_.Append('P');
          index = v_.At(index + 1) == 'B' ? index + 2 : index + 1;
          break;
        case kCedilla:
          r_.Append('S');
          ++index;
          break;
        case 'C': index = HandleC(index); break;
        case 'D': index = HandleD(index); break;
        case 'F':
          r_.Append('F');
          index = v_.At(index + 1) == 'F' ? index + 2 : index + 1;
          break;
        case 'G': index = HandleG(index); break;
        case 'H': index = HandleH(index); break;
        case 'J': index = HandleJ(index); break;
        case 'K':
          r_.Append('K');
          index = v_.At(index + 1) == 'K' ? index + 2 : index + 1;
          break;
        case 'L': index = HandleL(index); break;
        case 'M':
          r_.Append('M');
          index = ConditionM0(index) ? index + 2 : index + 1;
          break;
        case 'N':
          r_.Append('N');
          index = v_.At(index + 1) == 'N' ? index + 2 : index + 1;
          break;
        case kEnye:
          r_.Append('N');
          ++index;
          break;
        case 'P': index = HandleP(index); break;
        case 'Q':
          r_.Append('K');
          index = v_.At(index + 1) == 'Q' ? index + 2 : index + 1;
          break;
        case 'R': index = HandleR(index); break;
        case 'S': index = HandleS(index); break;
        case 'T': index = HandleT(index); break;
        case 'V':
          r_.Append('F');
          index = v_.At(index + 1) == 'V' ? index + 2 : index + 1;
          break;
        case 'W': index = HandleW(index); break;
        case 'X': index = HandleX(index); break;
        case 'Z': index = HandleZ(index); break;
        default: ++index; break;
      }
    }
  }

 private:
  bool IsSilentStart() const {
    return v_.Contains(0, {"GN", "KN", "PN", "WR", "PS"});
  }
  bool IsLast(Index index) const { return index == v_.length() - 1; }

  bool ConditionC0(Index index) const {
    if (v_.Contains(index, "CHIA")) return true;
    if (index <= 1) return false;
    if (IsVowel(v_.At(index - 2))) return false;
    if (!v_.Contains(index - 1, "ACH")) return false;
    const char32_t c = v_.At(index + 2);
    return (c != 'I' && c != 'E') || v_.Contains(index - 2, {"BACHER", "MACHER"});
  }

  bool ConditionCH0(Index index) const {
    if (index != 0) return false;
    if (!v_.Contains(index + 1, {"HARAC", "HARIS"}) &&
        !v_.Contains(index + 1, {"HOR", "HYM", "HIA", "HEM"})) {
      return false;
    }
    return !v_.Contains(0, "CHORE");
  }

  bool ConditionCH1(Index index) const {
    return v_.Contains(0, {"VAN ", "VON "}) || v_.Contains(0, "SCH") ||
           v_.Contains(index - 2, {"ORCHES", "ARCHIT", "ORCHID"}) ||
           v_.Contains(index + 2, {"T", "S"}) ||
           ((v_.Contains(index - 1, {"A", "O", "U", "E"}) || index == 0) &&
            (v_.Contains(index + 2, {"L", "R", "N", "M", "B", "H", "F", "V", "W", " "}) ||
             index + 1 == v_.length() - 1));
  }

  bool ConditionL0(Index index) const {
    const Index len = v_.length();
    if (index == len - 3 && v_.Contains(index - 1, {"ILLO", "ILLA", "ALLE"})) return true;
    return (v_.Contains(len - 2, {"AS", "OS"}) || v_.Contains(len - 1, {"A", "O"})) &&
           v_.Contains(index - 1, "ALLE");
  }

  bool ConditionM0(Index index) const {
    if (v_.At(index + 1) == 'M') return true;
    return v_.Contains(index - 1, "UMB") &&
           (index + 1 == v_.length() - 1 || v_.Contains(index + 2, "ER"));
  }

  Index HandleC(Index index) {
    if (ConditionC0(index)) {
      r_.Append('K');
      index += 2;
    } else if (index == 0 && v_.Contains(index, "CAESAR")) {
      r_.Append('S');
      index += 2;
    } else if (v_.Contains(index, "CH")) {
      index = HandleCH(index);
    } else if (v_.Contains(index, "CZ") && !v_.Contains(index - 2, "WICZ")) {
      r_.Append('S', 'X');  // "Czerny"
      index += 2;
    } else if (v_.Contains(index + 1, "CIA")) {
      r_.Append('X');  // "focaccia"
      index += 3;
    } else if (v_.Contains(index, "CC") && !(index == 1 && v_.At(0) == 'M')) {
      return HandleCC(index);  // double "cc" but not "McClelland"
    } else if (v_.Contains(index, {"CK", "CG", "CQ"})) {
      r_.Append('K');
      index += 2;
    } else if (v_.Contains(index, {"CI", "CE", "CY"})) {
      if (v_.Contains(index, {"CIO", "CIE", "CIA"})) {  // Italian vs. English
        r_.Append('S', 'X');
      } else {
        r_.Append('S');
      }
      index += 2;
    } else {
      r_.Append('K');
      if (v_.Contains(index + 1, {" C", " Q", " G"})) {  // "Mac Caffrey"
        index += 3;
      } else if (v_.Contains(index + 1, {"C", "K", "Q"}) &&
                 !v_.Contains(index + 1, {"CE", "CI"})) {
        index += 2;
      } else {
        ++index;
      }
    }
    return index;
  }

  Index HandleCC(Index index) {
    if (v_.Contains(index + 2, {"I", "E", "H"}) && !v_.Contains(index + 2, "HU")) {
      // "bellocchio" but not "bacchus"
      if ((index == 1 && v_.At(index - 1) == 'A') ||
          v_.Contains(index - 1, {"UCCEE", "UCCES"})) {
        r_.Append("KS");  // "accident", "accede", "succeed"
      } else {
        r_.Append('X');  // "bacci", "bertucci"
      }
      index += 3;
    } else {  // Pierce's rule
      r_.Append('K');
      index += 2;
    }
    return index;
  }

  Index HandleCH(Index index) {
    if (index > 0 && v_.Contains(index, "CHAE")) {  // "Michael"
      r_.Append('K', 'X');
      return index + 2;
    }
    if (ConditionCH0(index)) {  // Greek roots ("chemistry", "chorus")
      r_.Append('K');
      return index + 2;
    }
    if (ConditionCH1(index)) {  // Germanic, Greek, or 'ch' for 'kh'
      r_.Append('K');
      return index + 2;
    }
    if (index > 0) {
      if (v_.Contains(0, "MC")) {
        r_.Append('K');
      } else {
        r_.Append('X', 'K');
      }
    } else {
      r_.Append('X');
    }
    return index + 2;
  }

  Index HandleD(Index index) {
    if (v_.Contains(index, "DG")) {
      if (v_.Contains(index + 2, {"I", "E", "Y"})) {  // "edge"
        r_.Append('J');
        index += 3;
      } else {  // "Edgar"
        r_.Append("TK");
        index += 2;
      }
    } else if (v_.Contains(index, {"DT", "DD"})) {
      r_.Append('T');
      index += 2;
    } else {
      r_.Append('T');
      ++index;
    }
    return index;
  }

  Index HandleG(Index index) {
    if (v_.At(index + 1) == 'H') {
      index = HandleGH(index);
    } else if (v_.At(index + 1) == 'N') {
      if (index == 1 && IsVowel(v_.At(0)) && !slavo_germanic_) {
        r_.Append("KN", "N");
      } else if (!v_.Contains(index + 2, "EY") && v_.At(index + 1) != 'Y' &&
                 !slavo_germanic_) {
        r_.Append("N", "KN");
      } else {
        r_.Append("KN");
      }
      index += 2;
    } else if (v_.Contains(index + 1, "LI") && !slavo_germanic_) {
      r_.Append("KL", "L");
      index += 2;
    } else if (index == 0 &&
               (v_.At(index + 1) == 'Y' ||
                v_.Contains(index + 1, {"ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN",
                                        "IE", "EI", "ER"}))) {
      r_.Append('K', 'J');  // -ges-, -gep-, -gel-, -gie- at beginning
      index += 2;
    } else if ((v_.Contains(index + 1, "ER") || v_.At(index + 1) == 'Y') &&
               !v_.Contains(0, {"DANGER", "RANGER", "MANGER"}) &&
               !v_.Contains(index - 1, {"E", "I"}) &&
               !v_.Contains(index - 1, {"RGY", "OGY"})) {
      r_.Append('K', 'J');  // -ger-, -gy-
      index += 2;
    } else if (v_.Contains(index + 1, {"E", "I", "Y"}) ||
               v_.Contains(index - 1, {"AGGI", "OGGI"})) {
      // Italian "biaggi"
      if (v_.Contains(0, {"VAN ", "VON "}) || v_.Contains(0, "SCH") ||
          v_.Contains(index + 1, "ET")) {
        r_.Append('K');  // obvious Germanic
      } else if (v_.Contains(index + 1, "IER")) {
        r_.Append('J');
      } else {
        r_.Append('J', 'K');
      }
      index += 2;
    } else {
      index = v_.At(index + 1) == 'G' ? index + 2 : index + 1;
      r_.Append('K');
    }
    return index;
  }

  Index HandleGH(Index index) {
    if (index > 0 && !IsVowel(v_.At(index - 1))) {
      r_.Append('K');
      index += 2;
    } else if (index == 0) {
      r_.Append(v_.At(index + 2) == 'I' ? 'J' : 'K');
      index += 2;
    } else if ((index > 1 && v_.Contains(index - 2, {"B", "H", "D"})) ||
               (index > 2 && v_.Contains(index - 3, {"B", "H", "D"})) ||
               (index > 3 && v_.Contains(index - 4, {"B", "H"}))) {
      index += 2;  // Parker's rule ("hugh")
    } else {
      if (index > 2 && v_.At(index - 1) == 'U' &&
          v_.Contains(index - 3, {"C", "G", "L", "R", "T"})) {
        r_.Append('F');  // "laugh", "McLaughlin", "cough", "rough"
      } else if (index > 0 && v_.At(index - 1) != 'I') {
        r_.Append('K');
      }
      index += 2;
    }
    return index;
  }

  Index HandleH(Index index) {
    // Keep only if first and before a vowel, or between two vowels.
    if ((index == 0 || IsVowel(v_.At(index - 1))) && IsVowel(v_.At(index + 1))) {
      r_.Append('H');
      return index + 2;  // also takes care of "HH"
    }
    return index + 1;
  }

  Index HandleJ(Index index) {
    if (v_.Contains(index, "JOSE") || v_.Contains(0, "SAN ")) {
      // Obvious Spanish: "Jose", "San Jacinto".
      if ((index == 0 && v_.At(index + 4) == ' ') || v_.length() == 4 ||
          v_.Contains(0, "SAN ")) {
        r_.Append('H');
      } else {
        r_.Append('J', 'H');
      }
      return index + 1;
    }
    if (index == 0 && !v_.Contains(index, "JOSE")) {
      r_.Append('J', 'A');
    } else if (IsVowel(v_.At(index - 1)) && !slavo_germanic_ &&
               (v_.At(index + 1) == 'A' || v_.At(index + 1) == 'O')) {
      r_.Append('J', 'H');
    } else if (IsLast(index)) {
      r_.Append('J', ' ');
    } else if (!v_.Contains(index + 1, {"L", "T", "K", "S", "N", "M", "B", "Z"}) &&
               !v_.Contains(index - 1, {"S", "K", "L"})) {
      r_.Append('J');
    }
    return v_.At(index + 1) == 'J' ? index + 2 : index + 1;
  }

  Index HandleL(Index index) {
    if (v_.At(index + 1) == 'L') {
      if (ConditionL0(index)) {
        r_.AppendPrimary('L');
      } else {
        r_.Append('L');
      }
      return index + 2;
    }
    r_.Append('L');
    return index + 1;
  }

  Index HandleP(Index index) {
    if (v_.At(index + 1) == 'H') {
      r_.Append('F');
      return index + 2;
    }
    r_.Append('P');
    return v_.Contains(index + 1, {"P", "B"}) ? index + 2 : index + 1;
  }

  Index HandleR(Index index) {
    if (IsLast(index) && !slavo_germanic_ && v_.Contains(index - 2, "IE") &&
        !v_.Contains(index - 4, {"ME", "MA"})) {
      r_.AppendAlternate('R');
    } else {
      r_.Append('R');
    }
    return v_.At(index + 1) == 'R' ? index + 2 : index + 1;
  }

  Index HandleS(Index index) {
    if (v_.Contains(index - 1, {"ISL", "YSL"})) {
      ++index;  // "island", "isle", "carlisle", "carlysle"
    } else if (index == 0 && v_.Contains(index, "SUGAR")) {
      r_.Append('X', 'S');
      ++index;
    } else if (v_.Contains(index, "SH")) {
      if (v_.Contains(index + 1, {"HEIM", "HOEK", "HOLM", "HOLZ"})) {
        r_.Append('S');  // Germanic
      } else {
        r_.Append('X');
      }
      index += 2;
    } else if (v_.Contains(index, {"SIO", "SIA"}) || v_.Contains(index, "SIAN")) {
      if (slavo_germanic_) {  // Italian and Armenian
        r_.Append('S');
      } else {
        r_.Append('S', 'X');
      }
      index += 3;
    } else if ((index == 0 && v_.Contains(index + 1, {"M", "N", "L", "W"})) ||
               v_.Contains(index + 1, "Z")) {
      // German and anglicisations ("smith" ~ "schmidt"), -sz- in Slavic.
      r_.Append('S', 'X');
      index = v_.Contains(index + 1, "Z") ? index + 2 : index + 1;
    } else if (v_.Contains(index, "SC")) {
      index = HandleSC(index);
    } else {
      if (IsLast(index) && v_.Contains(index - 2, {"AI", "OI"})) {
        r_.AppendAlternate('S');  // French "resnais", "artois"
      } else {
        r_.Append('S');
      }
      index = v_.Contains(index + 1, {"S", "Z"}) ? index + 2 : index + 1;
    }
    return index;
  }

  Index HandleSC(Index index) {
    if (v_.At(index + 2) == 'H') {  // Schlesinger's rule
      if (v_.Contains(index + 3, {"OO", "ER", "EN", "UY", "ED", "EM"})) {
        // Dutch origin: "school", "schooner"; "schermerhorn", "schenker".
        if (v_.Contains(index + 3, {"ER", "EN"})) {
          r_.Append("X", "SK");
        } else {
          r_.Append("SK");
        }
      } else if (index == 0 && !IsVowel(v_.At(3)) && v_.At(3) != 'W') {
        r_.Append('X', 'S');
      } else {
        r_.Append('X');
      }
    } else if (v_.Contains(index + 2, {"I", "E", "Y"})) {
      r_.Append('S');
    } else {
      r_.Append("SK");
    }
    return index + 3;
  }

  Index HandleT(Index index) {
    if (v_.Contains(index, "TION") || v_.Contains(index, {"TIA", "TCH"})) {
      r_.Append('X');
      return index + 3;
    }
    if (v_.Contains(index, "TH") || v_.Contains(index, "TTH")) {
      if (v_.Contains(index + 2, {"OM", "AM"}) || v_.Contains(0, {"VAN ", "VON "}) ||
          v_.Contains(0, "SCH")) {
        r_.Append('T');  // "thomas", "thames" or Germanic
      } else {
        r_.Append('0', 'T');
      }
      return index + 2;
    }
    r_.Append('T');
    return v_.Contains(index + 1, {"T", "D"}) ? index + 2 : index + 1;
  }

  Index HandleW(Index index) {
    if (v_.Contains(index, "WR")) {
      r_.Append('R');
      return index + 2;
    }
    if (index == 0 && (IsVowel(v_.At(index + 1)) || v_.Contains(index, "WH"))) {
      if (IsVowel(v_.At(index + 1))) {
        r_.Append('A', 'F');  // "Wasserman" ~ "Vasserman"
      } else {
        r_.Append('A');  // "Uomo" ~ "Womo"
      }
      return index + 1;
    }
    if ((IsLast(index) && IsVowel(v_.At(index - 1))) ||
        v_.Contains(index - 1, {"EWSKI", "EWSKY", "OWSKI", "OWSKY"}) ||
        v_.Contains(0, "SCH")) {
      r_.AppendAlternate('F');  // "Arnow" ~ "Arnoff"
      return index + 1;
    }
    if (v_.Contains(index, {"WICZ", "WITZ"})) {
      r_.Append("TS", "FX");  // Polish "filipowicz"
      return index + 4;
    }
    return index + 1;
  }

  Index HandleX(Index index) {
    if (index == 0) {
      r_.Append('S');
      return index + 1;
    }
    if (!(IsLast(index) &&
          (v_.Contains(index - 3, {"IAU", "EAU"}) || v_.Contains(index - 2, {"AU", "OU"})))) {
      r_.Append("KS");  // not French "breaux"
    }
    return v_.Contains(index + 1, {"C", "X"}) ? index + 2 : index + 1;
  }

  Index HandleZ(Index index) {
    if (v_.At(index + 1) == 'H') {
      r_.Append('J');  // Chinese pinyin "zhao", "Zhang"
      return index + 2;
    }
    if (v_.Contains(index + 1, {"ZO", "ZI", "ZA"}) ||
        (slavo_germanic_ && index > 0 && v_.At(index - 1) != 'T')) {
      r_.Append("S", "TS");
    } else {
      r_.Append('S');
    }
    return v_.At(index + 1) == 'Z' ? index + 2 : index + 1;
  }

  const Value& v_;
  Result& r_;
  bool slavo_germanic_ = false;
};

}  // namespace

DoubleMetaphoneCode DoubleMetaphone(std::string_view name,
                                    const DoubleMetaphoneOptions& options) noexcept {
  std::size_t max_len = options.max_code_len;
  if (max_len == 0 || max_len > PhoneticCode::kCapacity) max_len = PhoneticCode::kCapacity;
  const Value value(name, options.fold_accents);
  Result result(max_len);
  Encoder(value, &result).Run();
  return result.code();
}

bool DoubleMetaphoneMatch(const DoubleMetaphoneCode& a,
                          const DoubleMetaphoneCode& b) noexcept {
  if (a.primary.empty() || b.primary.empty()) return false;
  return a.primary == b.primary || a.primary == b.alternate ||
         a.alternate == b.primary || a.alternate == b.alternate;
}

}  // namespace linkage
