// Copyright 2026 The Linkage Authors.
#include "exchange/fhir_operations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace linkage::exchange {
namespace {

using ::nlohmann::json;
using ::testing::HasSubstr;

const PatientOptions kColumns{
    .columns = {"nhs_number", "given_name", "family_name", "date_of_birth"}};

// The Data Exchange Standard's request, with a valid NHS number.
json StandardRequest() {
  return json::parse(R"({
  "resourceType": "Parameters",
  "parameter": [
    {"name": "resource",
     "resource": {"resourceType": "Patient",
       "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765919"}],
       "name": [{"family": "Smith", "given": ["Jane"]}],
       "birthDate": "2015-05-01"}},
    {"name": "reason", "valueUri": "https://www.legislation.gov.uk/ukpga/1989/41/section/47"}
  ]})");
}

TEST(ParsePersonInfoQueryTest, StandardExample) {
  auto q = ParsePersonInfoQuery(StandardRequest(), kColumns);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->reason,
            "https://www.legislation.gov.uk/ukpga/1989/41/section/47");
  EXPECT_EQ(q->patient.nhs_number, "9434765919");
  EXPECT_EQ(q->patient.fields.size(), 4u);
}

TEST(ParsePersonInfoQueryTest, Errors) {
  struct Case {
    std::function<void(json&)> edit;
    const char* message;
  };
  const Case cases[] = {
      {[](json& j) { j["parameter"].erase(1); }, "reason is required"},
      {[](json& j) {
         j["parameter"][1] = {{"name", "reason"}, {"valueString", "x"}};
       },
       "reason must be a non-empty valueUri"},
      {[](json& j) { j["parameter"].erase(0); },
       "resource (a Patient) is required"},
      {[](json& j) { j["resourceType"] = "Bundle"; },
       "Parameters.resourceType"},
      {[](json& j) { j["parameter"] = json::object(); },
       "Parameters.parameter: must be an array"},
      {[](json& j) { j["parameter"][1]["valueCode"] = "x"; },
       "Parameters.parameter[1]: must have exactly one of value[x], resource "
       "or part"},
      {[](json& j) { j["parameter"][1].erase("name"); },
       "Parameters.parameter[1].name"},
      {[](json& j) { j["parameter"].push_back(j["parameter"][1]); },
       "reason given more than once"},
      {[](json& j) {
         j["parameter"].push_back({{"name", "extra"}, {"valueBoolean", true}});
       },
       "unknown parameter \"extra\""},
      {[](json& j) {
         j["parameter"][0]["resource"]["birthDate"] = "01/05/2015";
       },
       "Parameters.parameter[0].resource.birthDate"},
  };
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    json request = StandardRequest();
    cases[i].edit(request);
    auto q = ParsePersonInfoQuery(request, kColumns);
    ASSERT_FALSE(q.ok()) << i;
    EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument) << i;
    EXPECT_THAT(std::string(q.status().message()), HasSubstr(cases[i].message))
        << i;
  }
}

TEST(ParseMatchRequestTest, ReadsEveryParameter) {
  json request = StandardRequest();
  request["parameter"][1] = {{"name", "onlyCertainMatches"},
                             {"valueBoolean", true}};
  request["parameter"].push_back({{"name", "count"}, {"valueInteger", 3}});
  request["parameter"].push_back(
      {{"name", "onlySingleMatch"}, {"valueBoolean", true}});
  auto m = ParseMatchRequest(request, kColumns);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE(m->only_certain);
  EXPECT_TRUE(m->only_single);
  EXPECT_EQ(m->count, 3u);
}

TEST(ParseMatchRequestTest, RefusesBadValues) {
  json request = StandardRequest();
  request["parameter"][1] = {{"name", "count"}, {"valueInteger", 0}};
  EXPECT_THAT(
      std::string(ParseMatchRequest(request, kColumns).status().message()),
      HasSubstr("count must be"));
  request["parameter"][1] = {{"name", "onlyCertainMatches"},
                             {"valueString", "true"}};
  EXPECT_THAT(
      std::string(ParseMatchRequest(request, kColumns).status().message()),
      HasSubstr("onlyCertainMatches must be a valueBoolean"));
  request = StandardRequest();  // "reason" is not a $match parameter
  EXPECT_THAT(
      std::string(ParseMatchRequest(request, kColumns).status().message()),
      HasSubstr("unknown parameter \"reason\" for $match"));
}

TEST(ResponsesTest, SearchsetBundle) {
  std::vector<BundleEntry> entries = {
      {{{"resourceType", "Patient"}, {"id", "R1"}},
       0.995,
       MatchGrade::kCertain},
      {{{"resourceType", "Patient"}, {"id", "R2"}},
       0.6,
       MatchGrade::kPossible}};
  json bundle = MakeSearchsetBundle(entries, "https://x/fhir");
  EXPECT_EQ(bundle["resourceType"], "Bundle");
  EXPECT_EQ(bundle["type"], "searchset");
  EXPECT_EQ(bundle["total"], 2);
  EXPECT_EQ(bundle["entry"][0]["fullUrl"], "https://x/fhir/Patient/R1");
  EXPECT_EQ(bundle["entry"][0]["search"]["mode"], "match");
  EXPECT_DOUBLE_EQ(bundle["entry"][0]["search"]["score"].get<double>(), 0.995);
  EXPECT_EQ(bundle["entry"][0]["search"]["extension"][0]["url"],
            "http://hl7.org/fhir/StructureDefinition/match-grade");
  EXPECT_EQ(bundle["entry"][0]["search"]["extension"][0]["valueCode"],
            "certain");
  EXPECT_EQ(bundle["entry"][1]["search"]["extension"][0]["valueCode"],
            "possible");
  json empty = MakeSearchsetBundle({}, "https://x");
  EXPECT_EQ(empty["total"], 0);
  EXPECT_TRUE(empty["entry"].empty());
}

TEST(ResponsesTest, PersonInfoResponseMatchesTheStandard) {
  json contact = {{"resourceType", "Organization"},
                  {"name", "Southshire Council Safeguarding"}};
  EXPECT_EQ(MakePersonInfoResponse(true, &contact),
            json::parse(R"({"resourceType": "Parameters", "parameter": [
              {"name": "match", "valueBoolean": true},
              {"name": "contact", "resource": {"resourceType": "Organization",
                                               "name": "Southshire Council Safeguarding"}}]})"));
  EXPECT_EQ(MakePersonInfoResponse(false, &contact),
            json::parse(R"({"resourceType": "Parameters", "parameter": [
              {"name": "match", "valueBoolean": false}]})"));
}

TEST(ResponsesTest, StatusMapping) {
  EXPECT_EQ(HttpStatusFor(absl::InvalidArgumentError("x")), 400);
  EXPECT_EQ(HttpStatusFor(absl::FailedPreconditionError("x")), 422);
  EXPECT_EQ(HttpStatusFor(absl::UnauthenticatedError("x")), 401);
  EXPECT_EQ(HttpStatusFor(absl::PermissionDeniedError("x")), 403);
  EXPECT_EQ(HttpStatusFor(absl::ResourceExhaustedError("x")), 413);
  EXPECT_EQ(HttpStatusFor(absl::UnimplementedError("x")), 415);
  json outcome = OperationOutcomeFor(absl::InvalidArgumentError(
      "Parameters.parameter[0].resource.birthDate: bad"));
  EXPECT_EQ(outcome["resourceType"], "OperationOutcome");
  EXPECT_EQ(outcome["issue"][0]["severity"], "error");
  EXPECT_EQ(outcome["issue"][0]["code"], "invalid");
  EXPECT_EQ(outcome["issue"][0]["expression"][0],
            "Parameters.parameter[0].resource.birthDate");
}

TEST(ResponsesTest, CapabilityStatementListsBothOperations) {
  json cs = MakeCapabilityStatement("1.2.3", "https://x");
  EXPECT_EQ(cs["resourceType"], "CapabilityStatement");
  EXPECT_EQ(cs["fhirVersion"], "4.0.1");
  const json& ops = cs["rest"][0]["resource"][0]["operation"];
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0]["name"], "match");
  EXPECT_EQ(ops[1]["name"], "person-info-query");
}

}  // namespace
}  // namespace linkage::exchange
