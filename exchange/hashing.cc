// Copyright 2026 The Linkage Authors.
#include "exchange/hashing.h"

#include <openssl/evp.h>

#include <string>

namespace linkage::exchange {
namespace {

std::string Hex(const unsigned char* bytes, unsigned int size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 15]);
  }
  return out;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  return Hex(digest, size);
}

std::string SaltedHash(std::string_view salt, std::string_view value) {
  std::string input(salt);
  input.push_back('\x1f');
  input.append(value);
  return Sha256Hex(input);
}

}  // namespace linkage::exchange
