// Copyright 2026 The Linkage Authors.
#include "exchange/fhir_patient.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace linkage::exchange {
namespace {

using ::nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Pair;

const PatientOptions kAllColumns{
    .columns = {"nhs_number", "given_name", "family_name", "date_of_birth",
                "sex", "postcode", "address_line", "email", "phone"}};

TEST(NhsNumberTest, ModulusElevenByHand) {
  // 9434765919: 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 = 299; 299 % 11 = 2;
  // 11 - 2 = 9 = the last digit.
  EXPECT_TRUE(IsValidNhsNumber("9434765919"));
  // 1234567890 (the Data Exchange Standard's example): sum 210, 210 % 11 = 1,
  // check 10 -> no valid check digit exists.
  EXPECT_FALSE(IsValidNhsNumber("1234567890"));
  // 4010232137: 4*10+0+1*8+0+2*6+3*5+2*4+1*3+3*2 = 92; 92 % 11 = 4; 11-4 = 7.
  EXPECT_TRUE(IsValidNhsNumber("4010232137"));
  EXPECT_FALSE(IsValidNhsNumber("4010232138"));
  // Remainder 0 -> check 11 -> 0: 0000000000 sums to 0.
  EXPECT_TRUE(IsValidNhsNumber("0000000000"));
  EXPECT_FALSE(IsValidNhsNumber("943476591"));
  EXPECT_FALSE(IsValidNhsNumber("94347659190"));
  EXPECT_FALSE(IsValidNhsNumber("943476591X"));
}

TEST(FhirDateTest, Table) {
  struct Case {
    const char* text;
    bool valid;
    bool full;
  };
  const Case cases[] = {{"2015-05-01", true, true},
                        {"2016-02-29", true, true},
                        {"2015-02-29", false, false},
                        {"2015-13-01", false, false},
                        {"2015-04-31", false, false},
                        {"2000-02-29", true, true},
                        {"1900-02-29", false, false},
                        {"2015", true, false},
                        {"2015-05", true, false},
                        {"01/05/2015", false, false},
                        {"2015-5-1", false, false},
                        {"", false, false},
                        {"2015-05-01T00:00:00", false, false}};
  for (const Case& c : cases) {
    bool full = true;
    EXPECT_EQ(IsFhirDate(c.text, &full), c.valid) << c.text;
    EXPECT_EQ(full, c.full) << c.text;
  }
}

json StandardExample(std::string nhs) {
  return json::parse(R"({"resourceType": "Patient",
    "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": ")" +
                     nhs + R"("}],
    "name": [{"family": "Smith", "given": ["Jane"]}],
    "birthDate": "2015-05-01"})");
}

TEST(PatientToFieldsTest, MapsTheStandardsPatient) {
  auto q = PatientToFields(StandardExample("9434765919"), "P", kAllColumns);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->nhs_number, "9434765919");
  EXPECT_THAT(q->fields,
              ::testing::ElementsAre(Pair("nhs_number", "9434765919"),
                                     Pair("given_name", "Jane"),
                                     Pair("family_name", "Smith"),
                                     Pair("date_of_birth", "2015-05-01")));
  EXPECT_TRUE(q->warnings.empty());
}

TEST(PatientToFieldsTest, StandardExampleNhsNumberIsRejectedByDefault) {
  auto q = PatientToFields(StandardExample("1234567890"),
                           "Parameters.parameter[0].resource", kAllColumns);
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(
      q.status().message(),
      HasSubstr("Parameters.parameter[0].resource.identifier[0].value"));
  EXPECT_THAT(q.status().message(), HasSubstr("check digit"));
}

TEST(PatientToFieldsTest, StandardExampleNhsNumberDroppedWhenAccepted) {
  PatientOptions options = kAllColumns;
  options.accept_invalid_nhs_numbers = true;
  auto q = PatientToFields(StandardExample("1234567890"), "P", options);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->nhs_number, "");
  EXPECT_THAT(q->fields,
              ::testing::ElementsAre(Pair("given_name", "Jane"),
                                     Pair("family_name", "Smith"),
                                     Pair("date_of_birth", "2015-05-01")));
  ASSERT_EQ(q->warnings.size(), 1u);
  EXPECT_THAT(q->warnings[0], HasSubstr("check digit"));
}

TEST(PatientToFieldsTest, PrefersOfficialNameAndReadsEverything) {
  json p = json::parse(R"({"resourceType": "Patient",
    "name": [{"use": "nickname", "given": ["Jo"], "family": "X"},
             {"use": "official", "given": ["Joanna", "May"], "family": "Bloggs"}],
    "gender": "female", "birthDate": "1990-01-31",
    "address": [{"line": ["Flat 2", "10 High St"], "postalCode": "SW1A 1AA"}],
    "telecom": [{"system": "email", "value": "jo@example.org"},
                {"system": "phone", "value": "0113 496 0100"}]})");
  auto q = PatientToFields(p, "P", kAllColumns);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_THAT(
      q->fields,
      ::testing::ElementsAre(
          Pair("given_name", "Joanna"), Pair("family_name", "Bloggs"),
          Pair("date_of_birth", "1990-01-31"), Pair("sex", "female"),
          Pair("postcode", "SW1A 1AA"),
          Pair("address_line", "Flat 2, 10 High St"),
          Pair("email", "jo@example.org"), Pair("phone", "0113 496 0100")));
}

TEST(PatientToFieldsTest, SkipsColumnsTheModelLacks) {
  PatientOptions options{.columns = {"family_name"}};
  auto q = PatientToFields(StandardExample("9434765919"), "P", options);
  ASSERT_TRUE(q.ok());
  EXPECT_THAT(q->fields, ::testing::ElementsAre(Pair("family_name", "Smith")));
}

TEST(PatientToFieldsTest, ErrorsNameThePath) {
  struct Case {
    const char* json_text;
    absl::StatusCode code;
    const char* message;
  };
  const Case cases[] = {
      {R"({"resourceType": "Person"})", absl::StatusCode::kInvalidArgument,
       "R.resourceType: must be \"Patient\""},
      {R"([1])", absl::StatusCode::kInvalidArgument,
       "R: must be a JSON object"},
      {R"({"resourceType": "Patient", "birthDate": "2015-02-30"})",
       absl::StatusCode::kInvalidArgument,
       "R.birthDate: \"2015-02-30\" is not a FHIR date"},
      {R"({"resourceType": "Patient", "birthDate": 20150501})",
       absl::StatusCode::kInvalidArgument, "R.birthDate: must be a string"},
      {R"({"resourceType": "Patient", "name": {"family": "x"}})",
       absl::StatusCode::kInvalidArgument, "R.name: must be an array"},
      {R"({"resourceType": "Patient", "name": [{"given": "Jane"}]})",
       absl::StatusCode::kInvalidArgument, "R.name[0].given: must be an array"},
      {R"({"resourceType": "Patient", "name": [{"given": [1]}]})",
       absl::StatusCode::kInvalidArgument,
       "R.name[0].given[0]: must be a string"},
      {R"({"resourceType": "Patient", "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "12345"}]})",
       absl::StatusCode::kInvalidArgument,
       "R.identifier[0].value: an NHS number must be 10 digits"},
      {R"({"resourceType": "Patient", "gender": "f"})",
       absl::StatusCode::kInvalidArgument, "R.gender: must be one of"},
      {R"({"resourceType": "Patient", "gender": "female"})",
       absl::StatusCode::kFailedPrecondition, "R: nothing to match on"},
      {R"({"resourceType": "Patient", "identifier": [
          {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765919"},
          {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "4010232137"}]})",
       absl::StatusCode::kFailedPrecondition,
       "R.identifier[1]: two different NHS numbers"},
  };
  for (const Case& c : cases) {
    auto q = PatientToFields(json::parse(c.json_text), "R", kAllColumns);
    ASSERT_FALSE(q.ok()) << c.json_text;
    EXPECT_EQ(q.status().code(), c.code) << c.json_text;
    EXPECT_THAT(std::string(q.status().message()), HasSubstr(c.message))
        << c.json_text;
  }
}

TEST(PatientToFieldsTest, PartialBirthDateIsNotUsed) {
  json p = StandardExample("9434765919");
  p["birthDate"] = "2015-05";
  auto q = PatientToFields(p, "P", kAllColumns);
  ASSERT_TRUE(q.ok());
  for (const auto& [column, value] : q->fields)
    EXPECT_NE(column, "date_of_birth");
  ASSERT_EQ(q->warnings.size(), 1u);
}

TEST(RecordToPatientTest, BuildsAPatient) {
  StoredRecord record{"R02",
                      {{"nhs_number", "186 091 3903"},
                       {"given_name", "Siobhan"},
                       {"family_name", "O'Brien"},
                       {"date_of_birth", "14/07/1975"},
                       {"sex", "F"},
                       {"postcode", "sw1a1aa"},
                       {"address_line", "Flat 2, 10 High St"},
                       {"email", "s@example.org"},
                       {"phone", ""}},
                      "c1"};
  const json p = RecordToPatient(record);
  EXPECT_EQ(p["resourceType"], "Patient");
  EXPECT_EQ(p["id"], "R02");
  EXPECT_EQ(p["identifier"][0]["value"], "1860913903");
  EXPECT_EQ(p["identifier"][0]["system"], "https://fhir.nhs.uk/Id/nhs-number");
  EXPECT_EQ(p["name"][0]["family"], "O'Brien");
  EXPECT_EQ(p["name"][0]["given"][0], "Siobhan");
  EXPECT_EQ(p["birthDate"], "1975-07-14");
  EXPECT_EQ(p["gender"], "female");
  EXPECT_EQ(p["address"][0]["postalCode"], "sw1a1aa");
  ASSERT_EQ(p["telecom"].size(), 1u);
  EXPECT_EQ(p["telecom"][0]["system"], "email");
  // Round trip: the Patient reads back to the same fields.
  auto q = PatientToFields(p, "P", kAllColumns);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->nhs_number, "1860913903");
}

}  // namespace
}  // namespace linkage::exchange
