// Copyright 2026 The Linkage Authors.

#include "linkage/internal/generator_reference.h"

#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "base/string_view.h"
#include "linkage/csv_reader.h"

namespace linkage::internal {
namespace {

// Irish surnames whose tables drop the apostrophe ("obrien").
constexpr std::string_view kApostropheSurnames[] = {
    "obrien",    "oconnor",   "oneill",    "osullivan", "odonnell",   "oreilly",
    "okeefe",    "oleary",    "omalley",   "ohara",     "odwyer",     "ogorman",
    "oshea",     "ogrady",    "orourke",   "odonoghue", "ocallaghan", "okane",
    "otoole",    "ohare",     "obyrne",    "oconnell",  "ogara",      "omahony",
    "oflaherty", "odriscoll", "ohalloran", "okelly",    "oloughlin",  "omeara"};

absl::StatusOr<std::string> ReadGzipFile(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  }
  gzbuffer(file, 1 << 17);
  std::string out;
  char buffer[1 << 16];
  while (true) {
    const int n = gzread(file, buffer, sizeof(buffer));
    if (n < 0) {
      int code = 0;
      const std::string message = gzerror(file, &code);
      gzclose(file);
      return absl::DataLossError(absl::StrCat(path, ": gzip: ", message));
    }
    if (n == 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  gzclose(file);
  return out;
}

// Calls `row(fields)` for every record after the header, read with the
// project's CSV reader (RFC 4180; its errors name file, line and column);
// stops at the first error, which it prefixes with "path:line: ".
template <typename RowFn>
absl::Status ForEachCsvRow(const std::string& path, std::size_t min_fields,
                           RowFn row) {
  LINKAGE_ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader,
                           CsvReader::Open(path, InputOptions{}));
  if (reader->columns().size() < min_fields) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":1: expected ", min_fields, " fields, found ",
                     reader->columns().size()));
  }
  std::vector<std::string> fields;
  while (true) {
    LINKAGE_ASSIGN_OR_RETURN(const bool more, reader->Next());
    if (!more) break;
    fields.assign(reader->fields().begin(), reader->fields().end());
    const absl::Status status = row(fields);
    if (!status.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", reader->line(), ": ", status.message()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> ParseWeight(const std::string& text, double scale) {
  double value = 0;
  if (!absl::SimpleAtod(text, &value) || !(value >= 0) || std::isinf(value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad frequency '", text, "'"));
  }
  return static_cast<uint64_t>(std::llround(value * scale));
}

bool IsAsciiName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!absl::ascii_isalpha(static_cast<unsigned char>(c)) && c != '-' &&
        c != '\'') {
      return false;
    }
  }
  return true;
}

absl::Status EnsureNonEmpty(const NamePool& pool, const std::string& path) {
  if (pool.weights.total() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": no usable names with a positive frequency"));
  }
  return absl::OkStatus();
}

void AddVariant(absl::flat_hash_map<std::string, std::vector<std::string>>& map,
                std::string_view from, std::string_view to) {
  if (!IsAsciiName(from) || !IsAsciiName(to)) return;
  std::string key = absl::AsciiStrToLower(ToAbsl(from));
  std::string value = DisplayCase(to);
  if (absl::AsciiStrToLower(value) == key) return;
  std::vector<std::string>& list = map[key];
  for (const std::string& existing : list) {
    if (existing == value) return;
  }
  list.push_back(std::move(value));
}

}  // namespace

std::string DisplayCase(std::string_view name) {
  std::string lower = absl::AsciiStrToLower(ToAbsl(name));
  for (std::string_view irish : kApostropheSurnames) {
    if (lower == irish) {
      lower.insert(1, 1, '\'');
      break;
    }
  }
  std::string out;
  out.reserve(lower.size());
  bool start = true;
  for (std::size_t i = 0; i < lower.size(); ++i) {
    const char c = lower[i];
    out += start ? absl::ascii_toupper(static_cast<unsigned char>(c)) : c;
    start = (c == '-' || c == '\'' || c == ' ');
    // "mccarthy" -> "McCarthy": capitalise after a word-initial "mc".
    if (i >= 1 && c == 'c' && (lower[i - 1] == 'm') &&
        (i == 1 || lower[i - 2] == '-') && i + 2 < lower.size()) {
      start = true;
    }
  }
  return out;
}

absl::StatusOr<std::shared_ptr<const GeneratorReference>>
GeneratorReference::Load(std::string_view dir) {
  const std::string base = dir.empty() ? std::string(".") : std::string(dir);
  auto path = [&base](std::string_view file) {
    return absl::StrCat(base, "/", ToAbsl(file));
  };
  std::shared_ptr<GeneratorReference> ref(new GeneratorReference());
  constexpr int kYears = kLastTableYear - kFirstTableYear + 1;
  for (auto& pools : ref->by_year_) pools.resize(kYears);

  // Given names by year and sex. Shares are per (year, sex), so weights
  // scaled by 1e9 are comparable within one year; pooling sums them.
  {
    const std::string file = path("firstname_uk.csv");
    LINKAGE_RETURN_IF_ERROR(ForEachCsvRow(
        file, 4, [&](const std::vector<std::string>& f) -> absl::Status {
          LINKAGE_ASSIGN_OR_RETURN(const uint64_t weight,
                                   ParseWeight(f[1], 1e9));
          int sex;
          if (f[2] == "female") {
            sex = 0;
          } else if (f[2] == "male") {
            sex = 1;
          } else {
            return absl::InvalidArgumentError(
                absl::StrCat("bad sex '", f[2], "'"));
          }
          int year = 0;
          if (!absl::SimpleAtoi(f[3], &year) || year < kFirstTableYear ||
              year > kLastTableYear) {
            return absl::InvalidArgumentError(
                absl::StrCat("bad birth year '", f[3], "'"));
          }
          if (weight == 0 || !IsAsciiName(f[0])) return absl::OkStatus();
          NamePool& pool = ref->by_year_[sex][year - kFirstTableYear];
          pool.names.push_back(DisplayCase(f[0]));
          pool.weights.Add(weight);
          return absl::OkStatus();
        }));
    for (int sex = 0; sex < 2; ++sex) {
      for (int year = 0; year < kYears; ++year) {
        LINKAGE_RETURN_IF_ERROR(EnsureNonEmpty(ref->by_year_[sex][year], file));
      }
    }
  }
  // Pooled table for births before 1996: a second pass summing each name's
  // shares over all years (first-seen order keeps it deterministic).
  {
    const std::string file = path("firstname_uk.csv");
    absl::flat_hash_map<std::string, std::size_t> index[2];
    std::vector<uint64_t> sums[2];
    LINKAGE_RETURN_IF_ERROR(ForEachCsvRow(
        file, 4, [&](const std::vector<std::string>& f) -> absl::Status {
          LINKAGE_ASSIGN_OR_RETURN(const uint64_t weight,
                                   ParseWeight(f[1], 1e9));
          const int sex = f[2] == "male" ? 1 : 0;
          if (weight == 0 || !IsAsciiName(f[0])) return absl::OkStatus();
          std::string name = DisplayCase(f[0]);
          auto [it, inserted] = index[sex].try_emplace(name, sums[sex].size());
          if (inserted) {
            sums[sex].push_back(0);
            ref->pooled_[sex].names.push_back(std::move(name));
          }
          sums[sex][it->second] += weight;
          return absl::OkStatus();
        }));
    for (int sex = 0; sex < 2; ++sex) {
      for (uint64_t sum : sums[sex]) ref->pooled_[sex].weights.Add(sum);
    }
  }
  {
    const std::string file = path("ons_babynames_ew_2024.csv");
    LINKAGE_RETURN_IF_ERROR(ForEachCsvRow(
        file, 5, [&](const std::vector<std::string>& f) -> absl::Status {
          int sex;
          if (f[1] == "F") {
            sex = 0;
          } else if (f[1] == "M") {
            sex = 1;
          } else {
            return absl::InvalidArgumentError(
                absl::StrCat("bad sex '", f[1], "'"));
          }
          LINKAGE_ASSIGN_OR_RETURN(const uint64_t weight, ParseWeight(f[4], 1));
          if (weight == 0 || !IsAsciiName(f[3])) return absl::OkStatus();
          ref->recent_[sex].names.push_back(DisplayCase(f[3]));
          ref->recent_[sex].weights.Add(weight);
          return absl::OkStatus();
        }));
    LINKAGE_RETURN_IF_ERROR(EnsureNonEmpty(ref->recent_[0], file));
    LINKAGE_RETURN_IF_ERROR(EnsureNonEmpty(ref->recent_[1], file));
  }
  {
    const std::string file = path("lastname_uk.csv");
    LINKAGE_RETURN_IF_ERROR(ForEachCsvRow(
        file, 2, [&](const std::vector<std::string>& f) -> absl::Status {
          LINKAGE_ASSIGN_OR_RETURN(const uint64_t weight,
                                   ParseWeight(f[1], 1e9));
          // Single letters and "mac" alone are table artefacts.
          if (weight == 0 || f[0].size() < 2 || !IsAsciiName(f[0])) {
            return absl::OkStatus();
          }
          ref->surnames_.names.push_back(DisplayCase(f[0]));
          ref->surnames_.weights.Add(weight);
          return absl::OkStatus();
        }));
    LINKAGE_RETURN_IF_ERROR(EnsureNonEmpty(ref->surnames_, file));
  }
  LINKAGE_RETURN_IF_ERROR(
      ForEachCsvRow(path("firstname_uk_variant.csv"), 2,
                    [&](const std::vector<std::string>& f) -> absl::Status {
                      // Three-letter abbreviations ("edw") are clerks'
                      // shorthand, kept: agencies do type them.
                      AddVariant(ref->nicknames_, f[1], f[0]);
                      return absl::OkStatus();
                    }));
  LINKAGE_RETURN_IF_ERROR(
      ForEachCsvRow(path("given_name_variants_wikidata.csv"), 4,
                    [&](const std::vector<std::string>& f) -> absl::Status {
                      const std::string& type = f[3];
                      // Long "diminutives" (Marcus -> Marquinhos) are other
                      // languages' forms, not what an English clerk would type.
                      if ((type == "diminutive" || type == "hypocorism" ||
                           type == "nickname") &&
                          f[2].size() <= f[1].size() + 1) {
                        AddVariant(ref->nicknames_, f[1], f[2]);
                      }
                      return absl::OkStatus();
                    }));
  LINKAGE_RETURN_IF_ERROR(
      ForEachCsvRow(path("lastname_uk_variant.csv"), 2,
                    [&](const std::vector<std::string>& f) -> absl::Status {
                      AddVariant(ref->surname_variants_, f[0], f[1]);
                      return absl::OkStatus();
                    }));

  // Postcodes: fixed 8-byte slots (7 characters + length).
  {
    const std::string file = path("uk_postcodes_2019.csv.gz");
    LINKAGE_ASSIGN_OR_RETURN(const std::string text, ReadGzipFile(file));
    ref->postcodes_.reserve(text.size() + text.size() / 7);
    std::size_t start = 0;
    std::size_t line_number = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string_view line(text.data() + start, end - start);
      start = end + 1;
      ++line_number;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      // The file is in the 7-character format: the outward code padded with
      // spaces ("AB101AA", "AL1 1AE", "M1  1AE"). Store unspaced.
      char compact[8];
      std::size_t compact_size = 0;
      for (char c : line) {
        if (c == ' ') continue;
        if (compact_size == sizeof(compact)) break;
        compact[compact_size++] = c;
      }
      if (compact_size == 0) continue;
      if (compact_size < sizeof(compact)) {
        line = std::string_view(compact, compact_size);
      }
      bool ok = line.size() >= 5 && line.size() <= 7 &&
                absl::ascii_isalpha(static_cast<unsigned char>(line[0])) &&
                absl::ascii_isdigit(
                    static_cast<unsigned char>(line[line.size() - 3]));
      for (char c : line) {
        ok = ok && (absl::ascii_isdigit(static_cast<unsigned char>(c)) ||
                    absl::ascii_isupper(static_cast<unsigned char>(c)));
      }
      if (!ok) {
        // A header line is tolerated; anything else is an error.
        if (line_number == 1 &&
            absl::AsciiStrToLower(ToAbsl(line)) == "postcode") {
          continue;
        }
        return absl::InvalidArgumentError(absl::StrCat(
            file, ":", line_number, ": bad postcode '", ToAbsl(line), "'"));
      }
      char slot[kPostcodeStride] = {};
      line.copy(slot, line.size());
      slot[7] = static_cast<char>(line.size());
      ref->postcodes_.append(slot, kPostcodeStride);
      ++ref->postcode_count_;
    }
    if (ref->postcode_count_ == 0) {
      return absl::InvalidArgumentError(absl::StrCat(file, ": no postcodes"));
    }
  }
  return std::shared_ptr<const GeneratorReference>(std::move(ref));
}

const NamePool& GeneratorReference::GivenNames(Sex sex, int birth_year) const {
  const int s = static_cast<int>(sex);
  if (birth_year < kFirstTableYear) return pooled_[s];
  if (birth_year > kLastTableYear) return recent_[s];
  return by_year_[s][birth_year - kFirstTableYear];
}

const std::vector<std::string>* GeneratorReference::Nicknames(
    std::string_view given) const {
  const auto it = nicknames_.find(absl::AsciiStrToLower(ToAbsl(given)));
  return it == nicknames_.end() ? nullptr : &it->second;
}

const std::vector<std::string>* GeneratorReference::SurnameVariants(
    std::string_view family) const {
  const auto it = surname_variants_.find(absl::AsciiStrToLower(ToAbsl(family)));
  return it == surname_variants_.end() ? nullptr : &it->second;
}

}  // namespace linkage::internal
