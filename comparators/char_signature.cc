// Copyright 2026 The Linkage Authors.
#include "comparators/char_signature.h"

#include <algorithm>

namespace linkage {

CharSignature MakeCharSignature(std::string_view s) noexcept {
  CharSignature sig;
  sig.ascii = s.size() <= 0xFFFF;
  sig.length = static_cast<std::uint16_t>(std::min<std::size_t>(s.size(), 0xFFFF));
  sig.first = s.empty() ? 0 : s[0];
  unsigned excess = 0;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) sig.ascii = false;
    const std::uint32_t bit = std::uint32_t{1} << (c & 31);
    if (sig.twice & bit) ++excess;
    sig.twice |= sig.once & bit;
    sig.once |= bit;
  }
  sig.excess = static_cast<std::uint8_t>(std::min(excess, 255u));
  return sig;
}

}  // namespace linkage
