// Copyright 2026 The Linkage Authors.
//
// SHA-256 (OpenSSL EVP) in lower-case hex, for bearer-token hashes (auth.h)
// and the salted identifier hashes of the audit log (audit_log.h).
//
// Example:
//   std::string h = Sha256Hex("abc");  // "ba7816bf..."
//
// Thread-safety: pure functions.
#ifndef LINKAGE_EXCHANGE_HASHING_H_
#define LINKAGE_EXCHANGE_HASHING_H_

#include <string>
#include <string_view>

namespace linkage::exchange {

// SHA-256 of `data`, 64 lower-case hex digits.
std::string Sha256Hex(std::string_view data);

// SHA-256 of `salt` + "\x1f" + `value` (the separator keeps ("ab","c") and
// ("a","bc") apart). For identifiers written to the audit log.
std::string SaltedHash(std::string_view salt, std::string_view value);

}  // namespace linkage::exchange

#endif  // LINKAGE_EXCHANGE_HASHING_H_
