// Copyright 2026 The Linkage Authors.
//
// FHIR R4 Patient <-> register record. A query Patient (from $match or
// $person-info-query) becomes RecordFields for the model's columns, and a
// stored record becomes a Patient resource for a searchset Bundle entry.
//
// Mapping (column names of configs/uk_person.json; a column the model does
// not have is skipped):
//   identifier[system=https://fhir.nhs.uk/Id/nhs-number].value -> nhs_number
//   name[i] (use official, else usual, else the first) .given[0] -> given_name,
//                                                     .family   -> family_name
//   birthDate (YYYY-MM-DD)                              -> date_of_birth
//   gender (male/female/other/unknown)                  -> sex
//   address[0].postalCode -> postcode; address[0].line joined by ", " ->
//   address_line; telecom[system=phone].value -> phone;
//   telecom[system=email].value -> email.
//
// Validation: the Patient's shape (types of every field read), the NHS number
// (10 digits and the Modulus 11 check digit), and dates (FHIR date syntax and
// a real calendar date). Errors carry the JSON path, e.g.
// "Parameters.parameter[0].resource.birthDate: ... is not a FHIR date".
//
// NHS number with a wrong check digit (e.g. the Data Exchange Standard's
// example 1234567890): rejected (the error's message starts with the path and
// says "check digit"), unless PatientOptions::accept_invalid_nhs_numbers, in
// which case the identifier is dropped, a warning is returned, and matching
// goes on with the demographics.
//
// Example:
//   PatientOptions options{.columns = {"nhs_number", "given_name", ...}};
//   LINKAGE_ASSIGN_OR_RETURN(QueryPatient q,
//       PatientToFields(patient_json, "Parameters.parameter[0].resource",
//                       options));
//   matcher.Match(q.fields, ...);
//
// Thread-safety: pure functions.
#ifndef LINKAGE_EXCHANGE_FHIR_PATIENT_H_
#define LINKAGE_EXCHANGE_FHIR_PATIENT_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "linkage/store.h"
#include "nlohmann/json.hpp"

namespace linkage::exchange {

inline constexpr std::string_view kNhsNumberSystem =
    "https://fhir.nhs.uk/Id/nhs-number";

struct PatientOptions {
  // The model's columns; fields for other columns are not produced.
  std::vector<std::string> columns;
  // Drop (with a warning) an NHS number whose check digit is wrong instead
  // of rejecting the request.
  bool accept_invalid_nhs_numbers = false;
};

struct QueryPatient {
  RecordFields fields;                // in mapping order (telecom: the
                                      // Patient's order)
  std::string nhs_number;             // the valid NHS number used, or empty
  std::vector<std::string> warnings;  // e.g. a dropped NHS number
};

// True if `digits` is 10 ASCII digits whose last is the Modulus 11 check
// digit of the first nine (weights 10..2; 11 -> 0; 10 -> never valid).
bool IsValidNhsNumber(std::string_view digits) noexcept;

// True if `text` is a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) naming a real
// calendar date. `full` is set to whether it has a day.
bool IsFhirDate(std::string_view text, bool* full = nullptr) noexcept;

// Reads a query Patient. `path` prefixes error messages. Errors, each naming
// the path: InvalidArgument (HTTP 400) for a malformed resource (wrong
// resourceType, wrong JSON type, an NHS number that is not 10 digits, a date
// that is not a FHIR date or not a real day); FailedPrecondition (HTTP 422)
// for a well-formed but unusable one (an NHS number failing its check digit,
// two different NHS numbers, nothing to match on: no valid NHS number, no
// name and no full birthDate).
absl::StatusOr<QueryPatient> PatientToFields(const nlohmann::json& patient,
                                             std::string_view path,
                                             const PatientOptions& options);

// A Patient resource for a stored record (id, identifier, name, birthDate,
// gender, address, telecom from the columns present; unparseable values are
// left out). Never fails.
nlohmann::json RecordToPatient(const StoredRecord& record);

}  // namespace linkage::exchange

#endif  // LINKAGE_EXCHANGE_FHIR_PATIENT_H_
