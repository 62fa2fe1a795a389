// Copyright 2026 The Linkage Authors.
#include "normalise/email.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace linkage {
namespace {

using ::testing::ElementsAre;
using ::testing::StartsWith;

std::unique_ptr<Normaliser> Make(const nlohmann::json& spec) {
  absl::StatusOr<std::unique_ptr<Normaliser>> made = MakeEmailNormaliser(spec);
  EXPECT_TRUE(made.ok()) << made.status();
  return made.ok() ? std::move(*made) : nullptr;
}

TEST(EmailTest, Table) {
  auto n = Make({{"normaliser", "email"}});
  struct Case {
    std::string raw;
    Issue issue;
    std::string value;
  };
  const Case cases[] = {
      {"jane.doe@example.com", Issue::kNone, "jane.doe@example.com"},
      {"  Jane.Doe@Example.COM ", Issue::kNone, "jane.doe@example.com"},
      {"MAILTO:jane@example.co.uk", Issue::kNone, "jane@example.co.uk"},
      {"o'brien+nhs@mail-server.nhs.net", Issue::kNone,
       "o'brien+nhs@mail-server.nhs.net"},
      {"x@a.io", Issue::kNone, "x@a.io"},
      {"jos\xC3\xA9@example.com", Issue::kNone, "jos\xC3\xA9@example.com"},
      {"user@b\xC3\xBC" "cher.de", Issue::kNone, "user@b\xC3\xBC" "cher.de"},
      {"\u200Bjane@example.com", Issue::kNone, "jane@example.com"},
      {"jane", Issue::kBadFormat, ""},
      {"jane@", Issue::kBadFormat, ""},
      {"@example.com", Issue::kBadFormat, ""},
      {"jane@@example.com", Issue::kBadFormat, ""},
      {"a@b@example.com", Issue::kBadFormat, ""},
      {"jane doe@example.com", Issue::kBadFormat, ""},
      {".jane@example.com", Issue::kBadFormat, ""},
      {"jane.@example.com", Issue::kBadFormat, ""},
      {"ja..ne@example.com", Issue::kBadFormat, ""},
      {"jane@localhost", Issue::kBadFormat, ""},
      {"jane@example..com", Issue::kBadFormat, ""},
      {"jane@example.com.", Issue::kBadFormat, ""},
      {"jane@-example.com", Issue::kBadFormat, ""},
      {"jane@example-.com", Issue::kBadFormat, ""},
      {"jane@exa_mple.com", Issue::kBadFormat, ""},
      {"jane@192.168.0.1", Issue::kBadFormat, ""},
      {"jane@[192.168.0.1]", Issue::kBadFormat, ""},
      {"\"jane doe\"@example.com", Issue::kBadFormat, ""},
      {"jane(comment)@example.com", Issue::kBadFormat, ""},
      {std::string(65, 'a') + "@example.com", Issue::kBadFormat, ""},
      {std::string(64, 'a') + "@example.com", Issue::kNone,
       std::string(64, 'a') + "@example.com"},
      {"a@" + std::string(64, 'b') + ".com", Issue::kBadFormat, ""},
      {"a@" + std::string(60, 'b') + "." + std::string(60, 'c') + "." +
           std::string(60, 'd') + "." + std::string(60, 'e') + "." +
           std::string(60, 'f') + ".com",
       Issue::kTooLong, ""},
      {"", Issue::kMissing, ""},
      {std::string("jane@exa\0mple.com", 17), Issue::kControlCharacter, ""},
      {"\u202Ejane@example.com", Issue::kControlCharacter, ""},
      {"jane@example.com\xc3", Issue::kInvalidUtf8, ""},
      {std::string(1 << 20, 'a'), Issue::kTooLong, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.raw.substr(0, 60));
    NormalisedValue v = n->Normalise(c.raw);
    EXPECT_EQ(v.issue, c.issue) << IssueName(v.issue);
    EXPECT_EQ(v.value, c.value);
    EXPECT_EQ(v.parts.size(), v.null() ? 0u : 2u);
    if (!v.null()) {
      EXPECT_EQ(n->Normalise(v.value).value, v.value);
    }
  }
}

TEST(EmailTest, PartsAndPlaceholders) {
  auto n = Make({{"normaliser", "email"},
                 {"placeholders", {"NoEmail@Example.com"}}});
  EXPECT_THAT(n->part_names(), ElementsAre("local", "domain"));
  EXPECT_THAT(n->Normalise("Jane.Doe@Example.COM").parts,
              ElementsAre("jane.doe", "example.com"));
  EXPECT_EQ(n->Normalise(" noemail@example.com").issue, Issue::kPlaceholder);
}

TEST(EmailTest, TypedApi) {
  Issue why = Issue::kMissing;
  std::optional<Email> e = ParseEmail("  Jane.Doe@Example.COM ", &why);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(why, Issue::kNone);
  EXPECT_EQ(e->address, "jane.doe@example.com");
  EXPECT_EQ(e->local(), "jane.doe");
  EXPECT_EQ(e->domain(), "example.com");
}

TEST(EmailTest, FactoryErrors) {
  auto bad = MakeEmailNormaliser(
      {{"normaliser", "email"}, {"placeholders", {"ok@example.com", "nope"}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()),
              StartsWith(".placeholders[1]: \"nope\" is not a valid address"));
  auto unknown = MakeEmailNormaliser({{"normaliser", "email"}, {"lower", true}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(std::string(unknown.status().message()),
              StartsWith(".lower: unknown option; one of: placeholders"));
}

}  // namespace
}  // namespace linkage
