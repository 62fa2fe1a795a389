// Copyright 2026 The Linkage Authors.
#include "exchange/fhir_patient.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/string_view.h"

namespace linkage::exchange {
namespace {

using nlohmann::json;

absl::Status Bad(std::string_view path, std::string_view message) {
  return absl::InvalidArgumentError(
      absl::StrCat(ToAbsl(path), ": ", ToAbsl(message)));
}

// Well-formed but unprocessable (HTTP 422).
absl::Status Unprocessable(std::string_view path, std::string_view message) {
  return absl::FailedPreconditionError(
      absl::StrCat(ToAbsl(path), ": ", ToAbsl(message)));
}

bool HasColumn(const PatientOptions& options, std::string_view column) {
  return std::find(options.columns.begin(), options.columns.end(), column) !=
         options.columns.end();
}

// Reads an optional string member; error if present and not a string.
absl::Status OptionalString(const json& object, const char* key,
                            std::string_view path, std::string* out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return absl::OkStatus();
  if (!it->is_string()) {
    return Bad(absl::StrCat(ToAbsl(path), ".", key), "must be a string");
  }
  *out = it->get<std::string>();
  return absl::OkStatus();
}

absl::Status OptionalArray(const json& object, const char* key,
                           std::string_view path, const json** out) {
  *out = nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return absl::OkStatus();
  if (!it->is_array()) {
    return Bad(absl::StrCat(ToAbsl(path), ".", key), "must be an array");
  }
  *out = &*it;
  return absl::OkStatus();
}

bool IsLeap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysIn(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
}

int ToInt(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

bool IsValidNhsNumber(std::string_view digits) noexcept {
  if (digits.size() != 10 || !AllDigits(digits)) return false;
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (digits[i] - '0') * (10 - i);
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  if (check == 10) return false;
  return check == digits[9] - '0';
}

bool IsFhirDate(std::string_view text, bool* full) noexcept {
  if (full != nullptr) *full = false;
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return false;
  if (!AllDigits(text.substr(0, 4))) return false;
  const int year = ToInt(text.substr(0, 4));
  if (year < 1) return false;
  if (text.size() == 4) return true;
  if (text[4] != '-' || !AllDigits(text.substr(5, 2))) return false;
  const int month = ToInt(text.substr(5, 2));
  if (month < 1 || month > 12) return false;
  if (text.size() == 7) return true;
  if (text[7] != '-' || !AllDigits(text.substr(8, 2))) return false;
  const int day = ToInt(text.substr(8, 2));
  if (day < 1 || day > DaysIn(year, month)) return false;
  if (full != nullptr) *full = true;
  return true;
}

absl::StatusOr<QueryPatient> PatientToFields(const json& patient,
                                             std::string_view path,
                                             const PatientOptions& options) {
  if (!patient.is_object()) return Bad(path, "must be a JSON object");
  auto type = patient.find("resourceType");
  if (type == patient.end() || !type->is_string() || *type != "Patient") {
    return Bad(absl::StrCat(ToAbsl(path), ".resourceType"),
               "must be \"Patient\"");
  }
  QueryPatient out;
  std::vector<std::pair<std::string, std::string>> fields;
  auto add = [&](std::string_view column, std::string value) {
    if (value.empty() || !HasColumn(options, column)) return;
    fields.emplace_back(std::string(column), std::move(value));
  };

  // identifier
  const json* identifiers = nullptr;
  if (absl::Status s = OptionalArray(patient, "identifier", path, &identifiers);
      !s.ok()) {
    return s;
  }
  std::string nhs_number;
  if (identifiers != nullptr) {
    for (std::size_t i = 0; i < identifiers->size(); ++i) {
      const std::string item =
          absl::StrCat(ToAbsl(path), ".identifier[", i, "]");
      const json& identifier = (*identifiers)[i];
      if (!identifier.is_object()) return Bad(item, "must be an object");
      std::string system, value;
      if (absl::Status s = OptionalString(identifier, "system", item, &system);
          !s.ok()) {
        return s;
      }
      if (absl::Status s = OptionalString(identifier, "value", item, &value);
          !s.ok()) {
        return s;
      }
      if (system != kNhsNumberSystem) continue;
      std::string digits;
      for (char c : value) {
        if (c != ' ') digits.push_back(c);
      }
      if (digits.size() != 10 || !AllDigits(digits)) {
        return Bad(absl::StrCat(item, ".value"),
                   "an NHS number must be 10 digits");
      }
      if (!IsValidNhsNumber(digits)) {
        if (!options.accept_invalid_nhs_numbers) {
          return Unprocessable(
              absl::StrCat(item, ".value"),
              absl::StrCat("NHS number ", digits,
                           " fails the Modulus 11 check digit"));
        }
        out.warnings.push_back(
            absl::StrCat(item,
                         ".value: NHS number fails the Modulus 11 check digit; "
                         "ignored, matching on demographics"));
        continue;
      }
      if (!nhs_number.empty() && nhs_number != digits) {
        return Unprocessable(item, "two different NHS numbers");
      }
      nhs_number = digits;
    }
  }
  out.nhs_number = nhs_number;
  add("nhs_number", nhs_number);

  // name: official, else usual, else the first.
  const json* names = nullptr;
  if (absl::Status s = OptionalArray(patient, "name", path, &names); !s.ok()) {
    return s;
  }
  bool has_name = false;
  if (names != nullptr && !names->empty()) {
    std::size_t chosen = 0;
    int best_rank = 3;
    for (std::size_t i = 0; i < names->size(); ++i) {
      const std::string item = absl::StrCat(ToAbsl(path), ".name[", i, "]");
      if (!(*names)[i].is_object()) return Bad(item, "must be an object");
      std::string use;
      if (absl::Status s = OptionalString((*names)[i], "use", item, &use);
          !s.ok()) {
        return s;
      }
      const int rank = use == "official" ? 0 : use == "usual" ? 1 : 2;
      if (rank < best_rank) {
        best_rank = rank;
        chosen = i;
      }
    }
    const json& name = (*names)[chosen];
    const std::string item = absl::StrCat(ToAbsl(path), ".name[", chosen, "]");
    std::string family;
    if (absl::Status s = OptionalString(name, "family", item, &family);
        !s.ok()) {
      return s;
    }
    const json* given = nullptr;
    if (absl::Status s = OptionalArray(name, "given", item, &given); !s.ok()) {
      return s;
    }
    std::string first;
    if (given != nullptr) {
      for (std::size_t i = 0; i < given->size(); ++i) {
        if (!(*given)[i].is_string()) {
          return Bad(absl::StrCat(item, ".given[", i, "]"), "must be a string");
        }
      }
      if (!given->empty()) first = (*given)[0].get<std::string>();
    }
    has_name = !first.empty() || !family.empty();
    add("given_name", first);
    add("family_name", family);
  }

  // birthDate
  std::string birth_date;
  if (absl::Status s = OptionalString(patient, "birthDate", path, &birth_date);
      !s.ok()) {
    return s;
  }
  if (!birth_date.empty()) {
    bool full = false;
    if (!IsFhirDate(birth_date, &full)) {
      return Bad(absl::StrCat(ToAbsl(path), ".birthDate"),
                 absl::StrCat("\"", birth_date,
                              "\" is not a FHIR date (YYYY, YYYY-MM or "
                              "YYYY-MM-DD, a real calendar date)"));
    }
    if (full) {
      add("date_of_birth", birth_date);
    } else {
      out.warnings.push_back(absl::StrCat(
          ToAbsl(path), ".birthDate: partial date not used for matching"));
      birth_date.clear();
    }
  }

  // gender
  std::string gender;
  if (absl::Status s = OptionalString(patient, "gender", path, &gender);
      !s.ok()) {
    return s;
  }
  if (!gender.empty() && gender != "male" && gender != "female" &&
      gender != "other" && gender != "unknown") {
    return Bad(absl::StrCat(ToAbsl(path), ".gender"),
               "must be one of male, female, other, unknown");
  }
  add("sex", gender);

  // address[0]
  const json* addresses = nullptr;
  if (absl::Status s = OptionalArray(patient, "address", path, &addresses);
      !s.ok()) {
    return s;
  }
  if (addresses != nullptr && !addresses->empty()) {
    const std::string item = absl::StrCat(ToAbsl(path), ".address[0]");
    const json& address = (*addresses)[0];
    if (!address.is_object()) return Bad(item, "must be an object");
    const json* lines = nullptr;
    if (absl::Status s = OptionalArray(address, "line", item, &lines);
        !s.ok()) {
      return s;
    }
    std::vector<std::string> parts;
    if (lines != nullptr) {
      for (std::size_t i = 0; i < lines->size(); ++i) {
        if (!(*lines)[i].is_string()) {
          return Bad(absl::StrCat(item, ".line[", i, "]"), "must be a string");
        }
        parts.push_back((*lines)[i].get<std::string>());
      }
    }
    std::string postcode;
    if (absl::Status s = OptionalString(address, "postalCode", item, &postcode);
        !s.ok()) {
      return s;
    }
    add("postcode", postcode);
    add("address_line", absl::StrJoin(parts, ", "));
  }

  // telecom
  const json* telecoms = nullptr;
  if (absl::Status s = OptionalArray(patient, "telecom", path, &telecoms);
      !s.ok()) {
    return s;
  }
  if (telecoms != nullptr) {
    bool have_phone = false, have_email = false;
    for (std::size_t i = 0; i < telecoms->size(); ++i) {
      const std::string item = absl::StrCat(ToAbsl(path), ".telecom[", i, "]");
      const json& telecom = (*telecoms)[i];
      if (!telecom.is_object()) return Bad(item, "must be an object");
      std::string system, value;
      if (absl::Status s = OptionalString(telecom, "system", item, &system);
          !s.ok()) {
        return s;
      }
      if (absl::Status s = OptionalString(telecom, "value", item, &value);
          !s.ok()) {
        return s;
      }
      if (system == "phone" && !have_phone && !value.empty()) {
        have_phone = true;
        add("phone", value);
      } else if (system == "email" && !have_email && !value.empty()) {
        have_email = true;
        add("email", value);
      }
    }
  }

  if (nhs_number.empty() && !has_name && birth_date.empty()) {
    return Unprocessable(
        path,
        "nothing to match on: give a valid NHS number, a name or a "
        "full birthDate");
  }
  out.fields = std::move(fields);
  return out;
}

namespace {

const std::string* Field(const StoredRecord& record, std::string_view column) {
  for (const auto& [name, value] : record.fields) {
    if (name == column && !value.empty()) return &value;
  }
  return nullptr;
}

// ISO date from YYYY-MM-DD or DD/MM/YYYY; empty if neither.
std::string IsoDate(std::string_view raw) {
  if (IsFhirDate(raw)) return std::string(raw);
  if (raw.size() == 10 && raw[2] == '/' && raw[5] == '/') {
    std::string iso =
        absl::StrCat(ToAbsl(raw.substr(6, 4)), "-", ToAbsl(raw.substr(3, 2)),
                     "-", ToAbsl(raw.substr(0, 2)));
    if (IsFhirDate(iso)) return iso;
  }
  return "";
}

std::string FhirGender(std::string_view raw) {
  std::string lower;
  for (char c : raw)
    lower.push_back(
        static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "m" || lower == "male" || lower == "1") return "male";
  if (lower == "f" || lower == "female" || lower == "2") return "female";
  if (lower == "o" || lower == "other" || lower == "9" || lower == "i") {
    return "other";
  }
  return "unknown";
}

}  // namespace

json RecordToPatient(const StoredRecord& record) {
  json patient = {{"resourceType", "Patient"}, {"id", record.id}};
  if (const std::string* nhs = Field(record, "nhs_number")) {
    std::string digits;
    for (char c : *nhs) {
      if (c >= '0' && c <= '9') digits.push_back(c);
    }
    if (IsValidNhsNumber(digits)) {
      patient["identifier"] = json::array(
          {{{"system", std::string(kNhsNumberSystem)}, {"value", digits}}});
    }
  }
  const std::string* given = Field(record, "given_name");
  const std::string* family = Field(record, "family_name");
  if (given != nullptr || family != nullptr) {
    json name = {{"use", "official"}};
    if (family != nullptr) name["family"] = *family;
    if (given != nullptr) name["given"] = json::array({*given});
    patient["name"] = json::array({name});
  }
  if (const std::string* sex = Field(record, "sex")) {
    patient["gender"] = FhirGender(*sex);
  }
  if (const std::string* dob = Field(record, "date_of_birth")) {
    std::string iso = IsoDate(*dob);
    if (!iso.empty()) patient["birthDate"] = iso;
  }
  json telecom = json::array();
  if (const std::string* phone = Field(record, "phone")) {
    telecom.push_back({{"system", "phone"}, {"value", *phone}});
  }
  if (const std::string* email = Field(record, "email")) {
    telecom.push_back({{"system", "email"}, {"value", *email}});
  }
  if (!telecom.empty()) patient["telecom"] = telecom;
  const std::string* line = Field(record, "address_line");
  const std::string* postcode = Field(record, "postcode");
  if (line != nullptr || postcode != nullptr) {
    json address = json::object();
    if (line != nullptr) address["line"] = json::array({*line});
    if (postcode != nullptr) address["postalCode"] = *postcode;
    patient["address"] = json::array({address});
  }
  return patient;
}

}  // namespace linkage::exchange
