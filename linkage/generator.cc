// Copyright 2026 The Linkage Authors.
//
// Pipeline: plan (how many people and duplicates per fixed chunk, from the
// options alone) -> per chunk, in parallel: households -> people -> records
// (originals + duplicates, shuffled) -> formatted CSV rows -> chunks written
// in order. Nothing depends on which thread runs a chunk.

#include "linkage/generator.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "base/string_view.h"
#include "linkage/internal/generator_random.h"
#include "linkage/internal/generator_reference.h"
#include "linkage/internal/generator_text.h"
#include "tbb/blocked_range.h"
#include "tbb/parallel_for.h"

namespace linkage {
namespace {

using internal::AppendCsvField;
using internal::AppendDate;
using internal::AppendPostcode;
using internal::CumulativeTable;
using internal::DateFormat;
using internal::GeneratorReference;
using internal::MixSeed;
using internal::PickWeighted;
using internal::Sex;
using internal::Xoshiro256;

constexpr int64_t kPeoplePerChunk = 1024;
constexpr int64_t kChunksPerBatch = 64;
constexpr int64_t kMaxPeople = 30'000'000;  // NHS number stems, see below
constexpr int64_t kMaxRecords = 1'000'000'000;
// Ages are as at this date, fixed so that output does not depend on "today".
constexpr int kReferenceYear = 2025;

enum Source { kCouncil, kNhs, kSchool, kPolice, kHousing, kSourceCount };
constexpr const char* kSourceNames[kSourceCount] = {"council", "nhs", "school",
                                                    "police", "housing"};
constexpr int kSourceWeights[kSourceCount] = {25, 30, 15, 12, 18};

// How each agency types its records.
struct SourceProfile {
  int date_weights[4];  // DateFormat kIso, kDmy, kDmyShort, kLong
  double upper_case;    // names (and address) in capitals
  double title;         // "Mr", "Mrs" ... before the given name (adults)
  double nhs_missing;
  double nhs_spaced;
  double dob_missing;
  double postcode_missing;
  double postcode_unspaced;
  double postcode_lower;
  double email_missing;
  double phone_missing;
  bool long_sex;  // "Male" / "Female" rather than "M" / "F"
};

constexpr SourceProfile kProfiles[kSourceCount] = {
    // council
    {{10, 70, 5, 15},
     0.10,
     0.15,
     0.50,
     0.30,
     0.01,
     0.02,
     0.10,
     0.05,
     0.40,
     0.30,
     false},
    // nhs
    {{85, 15, 0, 0},
     0.60,
     0.05,
     0.02,
     0.40,
     0.00,
     0.01,
     0.05,
     0.02,
     0.70,
     0.20,
     true},
    // school
    {{5, 60, 10, 25},
     0.05,
     0.00,
     0.90,
     0.50,
     0.01,
     0.03,
     0.15,
     0.10,
     0.80,
     0.50,
     false},
    // police
    {{20, 60, 20, 0},
     0.70,
     0.02,
     0.80,
     0.30,
     0.03,
     0.10,
     0.20,
     0.05,
     0.80,
     0.40,
     false},
    // housing
    {{40, 50, 0, 10},
     0.20,
     0.20,
     0.70,
     0.30,
     0.02,
     0.01,
     0.30,
     0.20,
     0.30,
     0.20,
     true},
};

// Accented given names (the ONS tables are ASCII): about 1 in 100 people.
constexpr const char* kAccentedFemale[] = {
    "Zoë",    "Chloë",  "Siobhán", "Sinéad", "Róisín",  "Renée", "Anaïs",
    "Noémie", "Océane", "Máire",   "Bríd",   "Aurélie", "Zoé",   "Inès"};
constexpr const char* kAccentedMale[] = {
    "Seán",  "Ciarán", "Pádraig",  "Éamonn", "José",  "Rónán",
    "Oisín", "Tomás",  "Stéphane", "Jérôme", "Dónal", "Cathál"};

constexpr const char* kStreetPrefixes[] = {
    "Oak",         "Elm",       "Ash",      "Beech",    "Birch",    "Cedar",
    "Willow",      "Holly",     "Maple",    "Chestnut", "Hawthorn", "Rowan",
    "Church",      "Mill",      "Station",  "High",     "Park",     "Victoria",
    "Queen's",     "King's",    "Windsor",  "Albert",   "Manor",    "Grange",
    "School",      "Bridge",    "Green",    "Meadow",   "Orchard",  "Castle",
    "Springfield", "Highfield", "Kingsway", "York",     "Richmond", "St John's",
    "St Mary's",   "Brook",     "Hill",     "Farm"};
constexpr const char* kStreetSuffixes[] = {
    "Road",    "Street",  "Lane",     "Close", "Avenue", "Drive",
    "Way",     "Gardens", "Crescent", "Grove", "Court",  "Place",
    "Terrace", "View",    "Walk",     "Rise"};
constexpr const char* kEmailDomains[] = {
    "gmail.com",      "hotmail.co.uk", "yahoo.co.uk", "outlook.com",
    "btinternet.com", "icloud.com",    "hotmail.com", "live.co.uk"};
constexpr int kEmailDomainWeights[] = {35, 18, 10, 12, 6, 8, 6, 5};

enum PersonFlag : uint8_t { kTwin = 1, kSibling = 2, kJunior = 4 };

struct Address {
  uint32_t postcode = 0;
  uint16_t house = 1;
  uint16_t flat = 0;  // 0: not a flat
};

struct Person {
  Sex sex = Sex::kFemale;
  int32_t dob = 0;
  uint8_t flags = 0;
  uint8_t source = kCouncil;  // agency of the original record
  uint32_t household = 0;     // chunk-local
  Address address;
  std::string given;
  std::string family;
  std::string nhs;    // ten digits
  std::string email;  // empty if none
  std::string phone;  // "07..." eleven digits, empty if none
};

// Everything a chunk needs that follows from the options alone.
struct Plan {
  int64_t records = 0;
  int64_t people = 0;
  int64_t duplicates = 0;
  int64_t chunks = 0;
  uint64_t seed = 0;
  bool truth_details = false;
  std::size_t postcode_window_start = 0;
  std::size_t postcode_window_size = 0;
  uint64_t nhs_multiplier = 1;  // coprime to kMaxPeople
  uint64_t nhs_offset = 0;

  // Duplicates in chunks [0, chunk): the duplicate count spread over people
  // in proportion, exactly, in integers.
  int64_t DuplicatesBefore(int64_t chunk) const {
    if (people == 0) return 0;
    const int64_t before = std::min(chunk * kPeoplePerChunk, people);
    return static_cast<int64_t>(static_cast<__int128>(duplicates) * before /
                                people);
  }
};

int32_t YearOf(int32_t days) {
  int year, month, day;
  internal::CivilFromDays(days, year, month, day);
  return year;
}

int AgeAt(int32_t dob, int32_t when) {
  int y1, m1, d1, y2, m2, d2;
  internal::CivilFromDays(dob, y1, m1, d1);
  internal::CivilFromDays(when, y2, m2, d2);
  int age = y2 - y1;
  if (m2 < m1 || (m2 == m1 && d2 < d1)) --age;
  return age;
}

// Moves `days` by `years` keeping the day of month (29 Feb -> 28 Feb).
int32_t AddYears(int32_t days, int years) {
  int year, month, day;
  internal::CivilFromDays(days, year, month, day);
  year += years;
  day = std::min(day, internal::DaysInMonth(year, month));
  return internal::DaysFromCivil(year, month, day);
}

uint64_t Gcd(uint64_t a, uint64_t b) {
  while (b != 0) {
    const uint64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

class ChunkBuilder {
 public:
  ChunkBuilder(const GeneratorReference& ref, const Plan& plan, int64_t chunk)
      : ref_(ref),
        plan_(plan),
        chunk_(chunk),
        rng_(MixSeed(plan.seed, static_cast<uint64_t>(chunk))),
        reference_day_(internal::DaysFromCivil(kReferenceYear, 6, 30)) {}

  void Build(std::string& out) {
    const int64_t first_person = chunk_ * kPeoplePerChunk;
    const int64_t people =
        std::min(kPeoplePerChunk, plan_.people - first_person);
    if (people <= 0) return;
    people_.reserve(static_cast<std::size_t>(people) + 8);
    const auto target = static_cast<std::size_t>(people);
    while (people_.size() < target) {
      const std::size_t start = people_.size();
      MakeHousehold();
      if (people_.size() > target) {
        // Never split a household (a twin without a twin): fill the end of
        // the chunk with single adults instead.
        people_.resize(start);
        while (people_.size() < target) MakeSingleAdult();
      }
    }
    for (std::size_t i = 0; i < people_.size(); ++i) {
      people_[i].nhs = NhsNumber(first_person + static_cast<int64_t>(i));
      people_[i].source = static_cast<uint8_t>(PickSource(people_[i]));
    }

    // Records: one original per person plus this chunk's duplicates.
    const int64_t duplicates =
        plan_.DuplicatesBefore(chunk_ + 1) - plan_.DuplicatesBefore(chunk_);
    std::vector<std::pair<uint32_t, bool>> records;
    records.reserve(static_cast<std::size_t>(people + duplicates));
    for (int64_t i = 0; i < people; ++i) {
      records.emplace_back(static_cast<uint32_t>(i), false);
    }
    for (int64_t i = 0; i < duplicates; ++i) {
      records.emplace_back(static_cast<uint32_t>(rng_.Below(people)), true);
    }
    rng_.Shuffle(records);

    int64_t record_id = first_person + plan_.DuplicatesBefore(chunk_) + 1;
    out.reserve(records.size() * 150);
    for (const auto& [person, duplicate] : records) {
      WriteRecord(out, record_id++, first_person + person, people_[person],
                  duplicate);
    }
  }

 private:
  // Values of one record before the agency's formatting.
  struct Values {
    std::string given, family, nhs, email, phone;
    int32_t dob = 0;
    bool has_dob = true, has_sex = true, has_address = true;
    bool postcode_typo = false;
    Address address;
    std::string notes;
  };

  int32_t DobForAge(int min_years, int max_years) {
    const int64_t days =
        rng_.Range(static_cast<int64_t>(min_years) * 365,
                   static_cast<int64_t>(max_years) * 365 + 364);
    return reference_day_ - static_cast<int32_t>(days);
  }

  Sex RandomSex() { return rng_.Below(2) == 0 ? Sex::kFemale : Sex::kMale; }

  Address RandomAddress(bool anywhere) {
    Address address;
    if (anywhere) {
      address.postcode =
          static_cast<uint32_t>(rng_.Below(ref_.postcode_count()));
    } else {
      address.postcode = static_cast<uint32_t>(
          plan_.postcode_window_start + rng_.Below(plan_.postcode_window_size));
    }
    address.house =
        static_cast<uint16_t>(1 + rng_.Below(rng_.Chance(0.8) ? 80 : 250));
    if (rng_.Chance(0.12))
      address.flat = static_cast<uint16_t>(1 + rng_.Below(24));
    return address;
  }

  std::string GivenName(Sex sex, int32_t dob) {
    if (rng_.Chance(0.01)) {
      if (sex == Sex::kFemale) {
        return kAccentedFemale[rng_.Below(std::size(kAccentedFemale))];
      }
      return kAccentedMale[rng_.Below(std::size(kAccentedMale))];
    }
    return ref_.GivenNames(sex, YearOf(dob)).Sample(rng_);
  }

  std::string Surname() {
    if (rng_.Chance(0.03)) {
      const std::string& first = ref_.Surnames().Sample(rng_);
      const std::string& second = ref_.Surnames().Sample(rng_);
      if (first != second) return absl::StrCat(first, "-", second);
    }
    return ref_.Surnames().Sample(rng_);
  }

  Person& AddPerson(Sex sex, int32_t dob, std::string family,
                    const Address& address) {
    Person& person = people_.emplace_back();
    person.sex = sex;
    person.dob = dob;
    person.household = household_;
    person.address = address;
    person.given = GivenName(sex, dob);
    person.family = std::move(family);
    const int age = AgeAt(dob, reference_day_);
    if (age >= 13 && rng_.Chance(0.7)) person.email = Email(person);
    if (age >= 11 && rng_.Chance(0.85)) {
      person.phone = "07";
      person.phone += static_cast<char>('4' + rng_.Below(6));
      internal::AppendZeroPadded(person.phone, static_cast<int64_t>(rng_.Below(100'000'000)),
                   8);
    }
    return person;
  }

  std::string Email(const Person& person) {
    const std::string given = internal::EmailToken(person.given);
    const std::string family = internal::EmailToken(person.family);
    std::string email;
    switch (PickWeighted(rng_, {40, 25, 20, 15})) {
      case 0:
        email = absl::StrCat(given, ".", family);
        break;
      case 1:
        email = absl::StrCat(given, family, rng_.Below(100));
        break;
      case 2:
        email = absl::StrCat(given.substr(0, 1), ".", family);
        break;
      default:
        email = absl::StrCat(family, ".", given, 1 + rng_.Below(9));
        break;
    }
    return absl::StrCat(email, "@",
                        kEmailDomains[PickWeighted(rng_, kEmailDomainWeights)]);
  }

  void MakeSingleAdult() {
    ++household_;
    AddPerson(RandomSex(), DobForAge(18, 95), Surname(), RandomAddress(false));
  }

  void MakeHousehold() {
    ++household_;
    const Address address = RandomAddress(false);
    const std::string surname = Surname();
    switch (PickWeighted(rng_, {28, 22, 42, 8})) {
      case 0:  // single adult
        AddPerson(RandomSex(), DobForAge(18, 95), surname, address);
        return;
      case 1: {  // couple
        const Sex first_sex = RandomSex();
        const int32_t dob = DobForAge(20, 90);
        AddPerson(first_sex, dob, surname, address);
        const Sex second_sex =
            rng_.Chance(0.95)
                ? (first_sex == Sex::kMale ? Sex::kFemale : Sex::kMale)
                : first_sex;
        AddPerson(second_sex,
                  dob + static_cast<int32_t>(rng_.Range(-5 * 365, 5 * 365)),
                  rng_.Chance(0.75) ? surname : Surname(), address);
        return;
      }
      case 2:
        MakeFamily(address, surname);
        return;
      default: {  // shared house: unrelated adults
        const int adults = static_cast<int>(rng_.Range(2, 4));
        for (int i = 0; i < adults; ++i) {
          AddPerson(RandomSex(), DobForAge(18, 40),
                    i == 0 ? surname : Surname(), address);
        }
        return;
      }
    }
  }

  void MakeFamily(const Address& address, const std::string& surname) {
    const int children =
        1 + static_cast<int>(PickWeighted(rng_, {35, 40, 18, 7}));
    const int eldest_age = static_cast<int>(rng_.Range(0, 22));
    const int32_t eldest_dob = DobForAge(eldest_age, eldest_age);
    const bool single_parent = rng_.Chance(0.25);
    const std::size_t first_parent = people_.size();
    const int32_t parent_dob =
        AddYears(eldest_dob, -static_cast<int>(rng_.Range(20, 40))) -
        static_cast<int32_t>(rng_.Below(365));
    if (single_parent) {
      AddPerson(rng_.Chance(0.85) ? Sex::kFemale : Sex::kMale, parent_dob,
                surname, address);
    } else {
      AddPerson(Sex::kMale, parent_dob, surname, address);
      const int32_t other_dob = std::min<int32_t>(
          parent_dob + static_cast<int32_t>(rng_.Range(-5 * 365, 5 * 365)),
          AddYears(eldest_dob, -18));
      AddPerson(Sex::kFemale, other_dob, rng_.Chance(0.7) ? surname : Surname(),
                address);
    }
    const std::string& other_surname = people_.back().family;
    const bool double_barrel =
        !single_parent && other_surname != surname && rng_.Chance(0.3);
    const std::string child_surname =
        double_barrel ? absl::StrCat(surname, "-", other_surname) : surname;

    const std::size_t first_child = people_.size();
    int32_t dob = eldest_dob;
    for (int child = 0; child < children; ++child) {
      bool twin = false;
      if (child > 0) {
        twin = rng_.Chance(0.03);
        if (!twin) {
          dob += static_cast<int32_t>(rng_.Range(365, 5 * 365));
          if (dob > reference_day_) break;
        }
      }
      Sex sex = RandomSex();
      if (twin && rng_.Chance(0.65)) sex = people_.back().sex;
      Person& person = AddPerson(sex, dob, child_surname, address);
      if (twin) {
        Person& other = people_[people_.size() - 2];
        for (int attempt = 0; attempt < 8 && person.given == other.given;
             ++attempt) {
          person.given = GivenName(person.sex, dob);
        }
        person.flags |= kTwin;
        other.flags |= kTwin;
      }
    }
    if (people_.size() - first_child >= 2) {
      for (std::size_t i = first_child; i < people_.size(); ++i) {
        people_[i].flags |= kSibling;
      }
    }
    // A son named after his father.
    if (!single_parent && rng_.Chance(0.04)) {
      for (std::size_t i = first_child; i < people_.size(); ++i) {
        if (people_[i].sex == Sex::kMale && !(people_[i].flags & kTwin)) {
          people_[i].given = people_[first_parent].given;
          people_[i].flags |= kJunior;
          people_[first_parent].flags |= kJunior;
          break;
        }
      }
    }
  }

  // NHS number of person `global`: the first eight digits are an affine
  // permutation of the person index over 3e7 stems (first digit 4, 6 or 7),
  // so numbers are unique without coordination between chunks; the ninth
  // digit is drawn so that the Modulus 11 check digit exists.
  std::string NhsNumber(int64_t global) {
    const uint64_t stem =
        (static_cast<uint64_t>(global) * plan_.nhs_multiplier +
         plan_.nhs_offset) %
        static_cast<uint64_t>(kMaxPeople);
    static constexpr char kFirstDigits[] = {'4', '6', '7'};
    std::string digits(1, kFirstDigits[stem / 10'000'000]);
    internal::AppendZeroPadded(digits, static_cast<int64_t>(stem % 10'000'000), 7);
    digits += '0';
    const uint64_t start = rng_.Below(10);
    for (uint64_t k = 0; k < 10; ++k) {
      digits[8] = static_cast<char>('0' + (start + k) % 10);
      const int check = internal::NhsCheckDigit(digits);
      if (check == 10) continue;
      std::string candidate = digits + static_cast<char>('0' + check);
      if (candidate.find_first_not_of(candidate[0]) == std::string::npos)
        continue;
      return candidate;
    }
    return digits + '0';  // unreachable: at most two ninth digits fail
  }

  bool Eligible(Source source, const Person& person) const {
    const int age = AgeAt(person.dob, reference_day_);
    if (source == kSchool) return age >= 4 && age <= 18;
    if (source == kPolice) return age >= 10;
    return true;
  }

  Source PickSource(const Person& person) {
    while (true) {
      const auto source =
          static_cast<Source>(PickWeighted(rng_, kSourceWeights));
      if (Eligible(source, person)) return source;
    }
  }

  void Note(Values& values, std::string_view note) {
    if (!values.notes.empty()) values.notes += ';';
    values.notes.append(note);
  }

  // A day out either way, never into the future.
  void ShiftDay(Values& values) {
    values.dob += rng_.Below(2) == 0 || values.dob >= reference_day_ ? -1 : 1;
    Note(values, "dob_day");
  }

  void Corrupt(Values& values, const Person& person) {
    static constexpr int kKindWeights[] = {14, 14, 10, 4, 6, 5, 5,
                                           10, 12, 4,  3, 3, 2, 3};
    const int count = static_cast<int>(PickWeighted(rng_, {10, 45, 30, 15}));
    uint32_t applied = 0;  // each kind at most once: two transpositions undo
    for (int i = 0; i < count; ++i) {
      std::size_t kind = PickWeighted(rng_, kKindWeights);
      while (applied & (1u << kind)) kind = PickWeighted(rng_, kKindWeights);
      applied |= 1u << kind;
      switch (kind) {
        case 0:
          if (internal::ApplyTypo(values.given, rng_))
            Note(values, "typo:given_name");
          break;
        case 1:
          if (internal::ApplyTypo(values.family, rng_))
            Note(values, "typo:family_name");
          break;
        case 2: {
          const std::vector<std::string>* nicknames =
              ref_.Nicknames(values.given);
          if (nicknames != nullptr) {
            values.given = (*nicknames)[rng_.Below(nicknames->size())];
            Note(values, "nickname");
          } else if (internal::ApplyTypo(values.given, rng_)) {
            Note(values, "typo:given_name");
          }
          break;
        }
        case 3:
          std::swap(values.given, values.family);
          Note(values, "swap_names");
          break;
        case 4: {
          int year, month, day;
          internal::CivilFromDays(values.dob, year, month, day);
          const int32_t transposed =
              day <= 12 && day != month
                  ? internal::DaysFromCivil(year, day, month)
                  : reference_day_ + 1;
          if (transposed <= reference_day_) {
            values.dob = transposed;
            Note(values, "dob_transposed");
          } else {
            ShiftDay(values);
          }
          break;
        }
        case 5:
          ShiftDay(values);
          break;
        case 6: {
          const int32_t later = AddYears(values.dob, 1);
          values.dob = rng_.Below(2) == 0 || later > reference_day_
                           ? AddYears(values.dob, -1)
                           : later;
          Note(values, "dob_year");
          break;
        }
        case 7:
          values.address = RandomAddress(rng_.Chance(0.2));
          Note(values, "moved");
          break;
        case 8:
          switch (PickWeighted(rng_, {30, 15, 15, 15, 15, 5, 5})) {
            case 0:
              values.nhs.clear();
              Note(values, "missing:nhs_number");
              break;
            case 1:
              values.has_dob = false;
              Note(values, "missing:date_of_birth");
              break;
            case 2:
              values.has_address = false;
              Note(values, "missing:postcode");
              break;
            case 3:
              values.email.clear();
              Note(values, "missing:email");
              break;
            case 4:
              values.phone.clear();
              Note(values, "missing:phone");
              break;
            case 5:
              values.given.clear();
              Note(values, "missing:given_name");
              break;
            default:
              values.has_sex = false;
              Note(values, "missing:sex");
              break;
          }
          break;
        case 9:
          if (internal::ApplyDigitTypo(values.nhs, rng_))
            Note(values, "nhs_typo");
          break;
        case 10: {
          const std::vector<std::string>* variants =
              ref_.SurnameVariants(values.family);
          if (variants != nullptr) {
            values.family = (*variants)[rng_.Below(variants->size())];
            Note(values, "surname_variant");
          } else if (internal::ApplyTypo(values.family, rng_)) {
            Note(values, "typo:family_name");
          }
          break;
        }
        case 11:
          if (person.sex == Sex::kFemale &&
              AgeAt(person.dob, reference_day_) >= 18) {
            const std::string married = ref_.Surnames().Sample(rng_);
            values.family = rng_.Chance(0.3)
                                ? absl::StrCat(values.family, "-", married)
                                : married;
            Note(values, "married_name");
          } else if (internal::ApplyTypo(values.family, rng_)) {
            Note(values, "typo:family_name");
          }
          break;
        case 12: {
          const bool given = internal::StripAccents(values.given);
          const bool family = internal::StripAccents(values.family);
          if (given || family) {
            Note(values, "accent_dropped");
          } else if (const std::size_t quote = values.family.find('\'');
                     quote != std::string::npos) {
            values.family.erase(quote, 1);
            Note(values, "apostrophe_dropped");
          } else if (internal::ApplyTypo(values.given, rng_)) {
            Note(values, "typo:given_name");
          }
          break;
        }
        default:
          // Applied when the record is written, to whichever address it has.
          values.postcode_typo = true;
          Note(values, "typo:postcode");
          break;
      }
    }
  }

  void AppendAddressLine(std::string& out, const Address& address) {
    if (address.flat != 0) {
      out += "Flat ";
      internal::AppendZeroPadded(out, address.flat, 1);
      out += ", ";
    }
    internal::AppendZeroPadded(out, address.house, 1);
    out += ' ';
    const uint64_t hash = MixSeed(plan_.seed ^ 0x5717ee7ULL, address.postcode);
    if (hash % 3 == 0) {
      // Streets named after local families: the 500 commonest surnames.
      const std::size_t top =
          std::min<std::size_t>(500, ref_.Surnames().names.size());
      out += ref_.Surnames().names[(hash >> 8) % top];
    } else {
      out += kStreetPrefixes[(hash >> 8) % std::size(kStreetPrefixes)];
    }
    out += ' ';
    out += kStreetSuffixes[(hash >> 32) % std::size(kStreetSuffixes)];
  }

  void WriteRecord(std::string& out, int64_t record_id, int64_t entity,
                   const Person& person, bool duplicate) {
    Source source = static_cast<Source>(person.source);
    if (duplicate && (rng_.Chance(0.8) || !Eligible(source, person))) {
      // Another agency, mostly: the cross-agency duplicates linkage is for.
      Source other = PickSource(person);
      for (int attempt = 0; attempt < 8 && other == source; ++attempt) {
        other = PickSource(person);
      }
      source = other;
    }
    const SourceProfile& profile = kProfiles[source];

    Values values;
    values.given = person.given;
    values.family = person.family;
    values.nhs = person.nhs;
    values.email = person.email;
    values.phone = person.phone;
    values.dob = person.dob;
    values.address = person.address;
    if (person.flags & kTwin) Note(values, "twin");
    if (person.flags & kSibling) Note(values, "sibling");
    if (person.flags & kJunior) Note(values, "junior");
    if (duplicate) Corrupt(values, person);

    // The agency's formatting and its own gaps.
    const bool upper = rng_.Chance(profile.upper_case);
    const bool lower = !upper && rng_.Chance(0.02);
    auto name_case = [&](std::string& name) {
      if (upper) {
        name = internal::ToUpperUtf8(name);
      } else if (lower) {
        for (char& c : name) {
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
        }
      }
    };
    const int age = AgeAt(person.dob, reference_day_);
    if (!values.given.empty() && age >= 18 && rng_.Chance(profile.title)) {
      const char* title;
      if (rng_.Chance(0.03)) {
        title = "Dr";
      } else if (person.sex == Sex::kMale) {
        title = "Mr";
      } else {
        title = PickWeighted(rng_, {50, 30, 20}) == 0 ? "Mrs"
                : rng_.Below(2) == 0                  ? "Ms"
                                                      : "Miss";
      }
      values.given = absl::StrCat(title, " ", values.given);
    }
    name_case(values.given);
    name_case(values.family);

    internal::AppendZeroPadded(out.append("R"), record_id, 8);
    out += ',';
    out += kSourceNames[source];
    out += ',';
    if (!values.nhs.empty() && !rng_.Chance(profile.nhs_missing)) {
      if (rng_.Chance(profile.nhs_spaced)) {
        out.append(values.nhs, 0, 3)
            .append(" ")
            .append(values.nhs, 3, 3)
            .append(" ")
            .append(values.nhs, 6, std::string::npos);
      } else {
        out += values.nhs;
      }
    }
    out += ',';
    AppendCsvField(out, values.given);
    out += ',';
    AppendCsvField(out, values.family);
    out += ',';
    if (values.has_dob && !rng_.Chance(profile.dob_missing)) {
      AppendDate(
          out, values.dob,
          static_cast<DateFormat>(PickWeighted(rng_, profile.date_weights)));
    }
    out += ',';
    if (values.has_sex && !rng_.Chance(0.01)) {
      const bool male = person.sex == Sex::kMale;
      out += profile.long_sex ? (male ? "Male" : "Female") : (male ? "M" : "F");
    }
    out += ',';
    if (values.has_address && !rng_.Chance(profile.postcode_missing)) {
      std::string postcode(ref_.Postcode(values.address.postcode));
      if (values.postcode_typo) internal::ApplyTypo(postcode, rng_);
      AppendPostcode(out, postcode, !rng_.Chance(profile.postcode_unspaced),
                     rng_.Chance(profile.postcode_lower));
      out += ',';
      std::string line;
      AppendAddressLine(line, values.address);
      if (upper) line = internal::ToUpperUtf8(line);
      AppendCsvField(out, line);
    } else {
      out += ',';
    }
    out += ',';
    if (!values.email.empty() && !rng_.Chance(profile.email_missing)) {
      out += upper && rng_.Chance(0.5) ? internal::ToUpperUtf8(values.email)
                                       : values.email;
    }
    out += ',';
    if (!values.phone.empty() && !rng_.Chance(profile.phone_missing)) {
      const std::string& phone = values.phone;
      switch (PickWeighted(rng_, {50, 35, 15})) {
        case 0:
          out.append(phone, 0, 5)
              .append(" ")
              .append(phone, 5, std::string::npos);
          break;
        case 1:
          out += phone;
          break;
        default:
          out.append("+44 ")
              .append(phone, 1, 4)
              .append(" ")
              .append(phone, 5, std::string::npos);
          break;
      }
    }
    out += ',';
    internal::AppendZeroPadded(out.append("E"), entity + 1, 8);
    if (plan_.truth_details) {
      out += ",H";
      internal::AppendZeroPadded(out, chunk_ * kPeoplePerChunk + person.household, 8);
      out += duplicate ? ",duplicate," : ",original,";
      out += values.notes;
    }
    out += '\n';
  }

  const GeneratorReference& ref_;
  const Plan& plan_;
  const int64_t chunk_;
  Xoshiro256 rng_;
  const int32_t reference_day_;
  std::vector<Person> people_;
  uint32_t household_ = 0;
};

absl::Status ValidateOptions(const GeneratorOptions& options) {
  if (options.records < 0 || options.records > kMaxRecords) {
    return absl::InvalidArgumentError(absl::StrCat(
        "records must be in [0, ", kMaxRecords, "], got ", options.records));
  }
  if (!(options.duplicate_rate >= 0.0 && options.duplicate_rate <= 0.9)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "duplicate_rate must be in [0, 0.9], got ", options.duplicate_rate));
  }
  const int64_t duplicates =
      std::min<int64_t>(std::llround(static_cast<double>(options.records) *
                                     options.duplicate_rate),
                        std::max<int64_t>(options.records - 1, 0));
  if (options.records - duplicates > kMaxPeople) {
    return absl::InvalidArgumentError(absl::StrCat(
        "at most ", kMaxPeople, " people per register (unique NHS numbers); ",
        options.records - duplicates, " requested"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Plan> MakePlan(const GeneratorOptions& options,
                              const GeneratorReference& ref) {
  LINKAGE_RETURN_IF_ERROR(ValidateOptions(options));
  Plan plan;
  plan.records = options.records;
  plan.seed = options.seed;
  plan.truth_details = options.truth_details;
  plan.duplicates =
      std::min<int64_t>(std::llround(static_cast<double>(options.records) *
                                     options.duplicate_rate),
                        std::max<int64_t>(options.records - 1, 0));
  plan.people = plan.records - plan.duplicates;
  plan.chunks = (plan.people + kPeoplePerChunk - 1) / kPeoplePerChunk;
  // About 16 households per postcode, as in the ONS Postcode Directory, in a
  // contiguous run of postcodes: one area, like a local authority's register.
  const std::size_t total = ref.postcode_count();
  plan.postcode_window_size = std::min<std::size_t>(
      total,
      std::max<std::size_t>(50, static_cast<std::size_t>(plan.people / 40)));
  plan.postcode_window_start =
      MixSeed(plan.seed, 0x9057c0de) % (total - plan.postcode_window_size + 1);
  const uint64_t modulus = static_cast<uint64_t>(kMaxPeople);
  plan.nhs_multiplier = MixSeed(plan.seed, 0x4e4853) % modulus | 1;
  while (Gcd(plan.nhs_multiplier, modulus) != 1) plan.nhs_multiplier += 2;
  plan.nhs_offset = MixSeed(plan.seed, 0x4e4854) % modulus;
  return plan;
}

constexpr char kHeader[] =
    "record_id,source,nhs_number,given_name,family_name,date_of_birth,sex,"
    "postcode,address_line,email,phone,entity_id";

}  // namespace

absl::Status RegisterGenerator::Validate(const GeneratorOptions& options) {
  return ValidateOptions(options);
}

absl::StatusOr<RegisterGenerator> RegisterGenerator::Create(
    const GeneratorOptions& options) {
  LINKAGE_RETURN_IF_ERROR(ValidateOptions(options));
  LINKAGE_ASSIGN_OR_RETURN(auto reference,
                           LoadReference(options.reference_dir));
  return Create(options, std::move(reference));
}

absl::StatusOr<RegisterGenerator> RegisterGenerator::Create(
    const GeneratorOptions& options,
    std::shared_ptr<const internal::GeneratorReference> reference) {
  if (reference == nullptr) {
    return absl::InvalidArgumentError("reference tables are null");
  }
  LINKAGE_RETURN_IF_ERROR(MakePlan(options, *reference).status());
  return RegisterGenerator(options, std::move(reference));
}

absl::StatusOr<std::shared_ptr<const internal::GeneratorReference>>
RegisterGenerator::LoadReference(std::string_view reference_dir) {
  return GeneratorReference::Load(reference_dir);
}

absl::Status RegisterGenerator::Generate(
    const std::function<absl::Status(std::string_view)>& sink,
    const GeneratorProgress& progress) const {
  LINKAGE_ASSIGN_OR_RETURN(const Plan plan, MakePlan(options_, *reference_));
  std::string header = kHeader;
  if (plan.truth_details) header += ",household_id,record_kind,notes";
  header += '\n';
  LINKAGE_RETURN_IF_ERROR(sink(header));
  std::vector<std::string> buffers;
  for (int64_t batch = 0; batch < plan.chunks; batch += kChunksPerBatch) {
    const int64_t count = std::min(kChunksPerBatch, plan.chunks - batch);
    buffers.assign(static_cast<std::size_t>(count), std::string());
    tbb::parallel_for(tbb::blocked_range<int64_t>(0, count, 1),
                      [&](const tbb::blocked_range<int64_t>& range) {
                        for (int64_t i = range.begin(); i != range.end(); ++i) {
                          ChunkBuilder builder(*reference_, plan, batch + i);
                          builder.Build(buffers[static_cast<std::size_t>(i)]);
                        }
                      });
    for (const std::string& buffer : buffers) {
      LINKAGE_RETURN_IF_ERROR(sink(buffer));
    }
    if (progress) {
      const int64_t end_chunk = batch + count;
      progress(std::min(end_chunk * kPeoplePerChunk, plan.people) +
                   plan.DuplicatesBefore(end_chunk),
               plan.records);
    }
  }
  return absl::OkStatus();
}

std::string RegisterGenerator::GenerateToString() const {
  std::string out;
  const absl::Status status = Generate([&out](std::string_view piece) {
    out.append(piece);
    return absl::OkStatus();
  });
  (void)status;  // options were validated by Create(); the sink never fails
  return out;
}

absl::Status RegisterGenerator::WriteFile(
    std::string_view path, const GeneratorProgress& progress) const {
  const std::string target(path);
  const std::string temporary = target + ".tmp";
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr) {
    return absl::PermissionDeniedError(
        absl::StrCat(temporary, ": cannot open for writing"));
  }
  absl::Status status = Generate(
      [&](std::string_view piece) -> absl::Status {
        if (std::fwrite(piece.data(), 1, piece.size(), file) != piece.size()) {
          return absl::DataLossError(absl::StrCat(temporary, ": write failed"));
        }
        return absl::OkStatus();
      },
      progress);
  if (std::fclose(file) != 0 && status.ok()) {
    status = absl::DataLossError(absl::StrCat(temporary, ": close failed"));
  }
  if (status.ok() && std::rename(temporary.c_str(), target.c_str()) != 0) {
    status = absl::PermissionDeniedError(
        absl::StrCat("cannot rename ", temporary, " to ", target));
  }
  if (!status.ok()) std::remove(temporary.c_str());
  return status;
}

}  // namespace linkage
