// Copyright 2026 The Linkage Authors.
#include "exchange/auth.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exchange/hashing.h"

namespace linkage::exchange {
namespace {

using ::nlohmann::json;
using ::testing::HasSubstr;

TEST(HashingTest, KnownVectors) {
  // FIPS 180-2 test vector.
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(SaltedHash("salt", "x"), Sha256Hex(std::string("salt\x1f") + "x"));
  EXPECT_NE(SaltedHash("ab", "c"), SaltedHash("a", "bc"));
}

json Section() {
  return {
      {"tokens",
       {{{"sha256", Sha256Hex("council-secret")},
         {"organisation", "org:council"}},
        {{"token", "admin-secret"},
         {"organisation", "org:ops"},
         {"scopes", {"admin", "query"}}}}},
      {"certificates",
       {{{"subject_cn", "school.example"}, {"organisation", "org:school"}},
        {{"sha256_fingerprint", "AA:BB"}, {"organisation", "org:police"}}}}};
}

TEST(AuthenticatorTest, BearerTokens) {
  auto auth = Authenticator::Parse(Section(), "serve.json");
  ASSERT_TRUE(auth.ok()) << auth.status();
  auto who = auth->FromBearer("Bearer council-secret");
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->organisation, "org:council");
  EXPECT_EQ(who->method, "bearer");
  EXPECT_TRUE(who->HasScope("query"));
  EXPECT_FALSE(who->HasScope("admin"));
  auto admin = auth->FromBearer("bearer admin-secret");
  ASSERT_TRUE(admin.ok());
  EXPECT_TRUE(admin->HasScope("admin"));
  for (const char* bad :
       {"", "Bearer ", "Bearer wrong", "Basic abc", "council-secret"}) {
    auto r = auth->FromBearer(bad);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kUnauthenticated) << bad;
  }
}

TEST(AuthenticatorTest, Certificates) {
  auto auth = Authenticator::Parse(Section(), "serve.json");
  ASSERT_TRUE(auth.ok());
  auto school = auth->FromCertificate({"school.example", "00:11"});
  ASSERT_TRUE(school.ok());
  EXPECT_EQ(school->organisation, "org:school");
  EXPECT_EQ(school->method, "mtls");
  // The fingerprint wins over the CN, case-insensitively.
  auto police = auth->FromCertificate({"school.example", "aa:bb"});
  ASSERT_TRUE(police.ok());
  EXPECT_EQ(police->organisation, "org:police");
  EXPECT_EQ(auth->FromCertificate({"other", "00"}).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(AuthenticatorTest, ParseErrors) {
  json bad = Section();
  bad["tokens"][0]["sha256"] = "abc";
  EXPECT_THAT(std::string(Authenticator::Parse(bad, "s").status().message()),
              HasSubstr("s: $.auth.tokens[0].sha256: must be 64 hex digits"));
  bad = Section();
  bad["tokens"][1]["scopes"] = {"root"};
  EXPECT_THAT(std::string(Authenticator::Parse(bad, "s").status().message()),
              HasSubstr("$.auth.tokens[1].scopes"));
  bad = Section();
  bad["certificates"][0].erase("subject_cn");
  EXPECT_THAT(std::string(Authenticator::Parse(bad, "s").status().message()),
              HasSubstr("$.auth.certificates[0]: needs"));
  bad = Section();
  bad["tokens"][0].erase("organisation");
  EXPECT_THAT(std::string(Authenticator::Parse(bad, "s").status().message()),
              HasSubstr("$.auth.tokens[0].organisation"));
}

}  // namespace
}  // namespace linkage::exchange
