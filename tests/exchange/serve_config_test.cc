// Copyright 2026 The Linkage Authors.
#include "exchange/serve_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace linkage::exchange {
namespace {

using ::nlohmann::json;
using ::testing::HasSubstr;

json Document() {
  return json::parse(R"({
    "model": "model.json", "store": "/data/register.db",
    "listen": {"host": "0.0.0.0", "port": 8443, "threads": 16},
    "tls": {"cert": "pki/server.pem", "key": "pki/server.key", "client_ca": "pki/ca.pem",
            "require_client_cert": true},
    "audit_salt": "0123456789abcdef0123", "audit_fsync": false,
    "accept_invalid_nhs_numbers": true, "max_body_bytes": 2048,
    "auth": {"tokens": [{"token": "t", "organisation": "org:a"}]},
    "access": {"rules": [{"id": "r", "outcome": "PERMIT"}]}
  })");
}

TEST(ServeConfigTest, ReadsEverythingAndResolvesPaths) {
  auto config = ParseServeConfig(Document(), "/etc/linkage/serve.json");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->model_path, "/etc/linkage/model.json");
  EXPECT_EQ(config->store_path, "/data/register.db");
  EXPECT_EQ(config->audit_path, "/data/register.db");  // defaults to the store
  EXPECT_EQ(config->server.host, "0.0.0.0");
  EXPECT_EQ(config->server.port, 8443);
  EXPECT_EQ(config->server.threads, 16);
  EXPECT_EQ(config->server.tls_cert, "/etc/linkage/pki/server.pem");
  EXPECT_EQ(config->server.client_ca, "/etc/linkage/pki/ca.pem");
  EXPECT_TRUE(config->server.require_client_cert);
  EXPECT_FALSE(config->audit.full_sync);
  EXPECT_TRUE(config->service.accept_invalid_nhs_numbers);
  EXPECT_EQ(config->service.max_body_bytes, 2048u);
  EXPECT_TRUE(config->auth.FromBearer("Bearer t").ok());
  EXPECT_EQ(config->access.rules().size(), 1u);
}

TEST(ServeConfigTest, Errors) {
  struct Case {
    std::function<void(json&)> edit;
    const char* message;
  };
  const Case cases[] = {
      {[](json& j) { j.erase("model"); }, "s.json: $.model: is required"},
      {[](json& j) { j.erase("audit_salt"); }, "$.audit_salt: is required"},
      {[](json& j) { j["audit_salt"] = "short"; }, "$.audit_salt"},
      {[](json& j) { j["listen"]["port"] = 70000; }, "$.listen.port"},
      {[](json& j) { j["tls"].erase("key"); },
       "$.tls: needs both cert and key"},
      {[](json& j) { j["max_body_bytes"] = 10; }, "$.max_body_bytes"},
      {[](json& j) { j["audit_fsync"] = "yes"; }, "$.audit_fsync"},
      {[](json& j) { j["auth"]["tokens"][0].erase("organisation"); },
       "$.auth.tokens[0]"},
      {[](json& j) { j["access"]["rules"][0]["outcome"] = "MAYBE"; },
       "$.rules[0].outcome"},
      {[](json& j) { j["access_file"] = "/nonexistent/rules.json"; },
       "cannot open"},
  };
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    json document = Document();
    cases[i].edit(document);
    auto config = ParseServeConfig(document, "s.json");
    ASSERT_FALSE(config.ok()) << i;
    EXPECT_THAT(std::string(config.status().message()),
                HasSubstr(cases[i].message))
        << i;
  }
}

TEST(ServeConfigTest, ExampleRulesFileParses) {
  auto policy = AccessPolicy::Load(std::string(LINKAGE_CONFIGS_DIR) +
                                   "/exchange/rules.json");
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_EQ(policy->rules().size(), 4u);
  EXPECT_TRUE(policy->IsKnownReason(
      "https://www.legislation.gov.uk/ukpga/1989/41/section/47"));
}

}  // namespace
}  // namespace linkage::exchange
