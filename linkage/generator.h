// Copyright 2026 The Linkage Authors.
//
// A synthetic UK person register with ground truth, for tests, demos and the
// million-record benchmarks (`linkage generate`).
//
// People are generated in households that share a surname and an address:
// single adults, couples, families with children (siblings born years apart,
// twins with the same birth date, sons named after their fathers) and shared
// houses. Names are drawn by frequency from the ONS tables for the person's
// sex and birth year; addresses are a synthetic house and street with a real
// postcode, and nearby postcodes cluster the register like a local
// authority's. Every person has a unique valid NHS number (see below).
//
// Each person has one "original" record and the register holds duplicates as
// other agencies (council, nhs, school, police, housing) would type them:
// dates in several formats (2015-05-01, 01/05/2015, 1/5/15, 1 May 2015),
// postcodes unspaced or lower-case, NHS numbers spaced "943 476 5919" or
// missing, names in upper case or with a title, and on duplicates one to
// three corruptions: keyboard typos, nicknames (William -> Bill), given and
// family names swapped, day and month transposed, dates a day or a year out,
// a new address after a move, missing fields, a one-digit NHS number typo,
// surname spelling variants and married names.
//
// Output (CSV, header first, UTF-8, RFC 4180 quoting), the columns of
// configs/uk_person.json:
//   record_id, source, nhs_number, given_name, family_name, date_of_birth,
//   sex, postcode, address_line, email, phone, entity_id
// record_id ("R00000001") is unique and entity_id ("E00000001") is the true
// person. With GeneratorOptions::truth_details three more columns follow:
// household_id, record_kind (original | duplicate) and notes (semicolon
// list: twin, sibling, junior, and each corruption applied, e.g.
// "typo:given_name;dob_transposed").
//
// NHS numbers: ten digits, Modulus 11 valid, unique per person, never a
// repeated digit, first digit 4, 6 or 7 (numbers issued in England and Wales;
// 999 test numbers and 3xx Northern Ireland ranges are avoided). At most
// 30,000,000 people per register.
//
// Determinism: the output is a function of (options.records, seed,
// duplicate_rate, truth_details, reference tables) only; byte-identical on
// any thread count and platform. Work is split into fixed chunks of people,
// each with its own xoshiro256** stream seeded from (seed, chunk).
//
// Example:
//   GeneratorOptions options;
//   options.records = 1'000'000;
//   options.seed = 7;
//   LINKAGE_ASSIGN_OR_RETURN(RegisterGenerator generator,
//                            RegisterGenerator::Create(options));
//   LINKAGE_RETURN_IF_ERROR(generator.WriteFile("register.csv"));
//
// Thread-safety: a RegisterGenerator is immutable after Create(); its const
// methods may run concurrently. Generation itself runs on the current oneTBB
// arena (limit threads with tbb::global_control).
#ifndef LINKAGE_LINKAGE_GENERATOR_H_
#define LINKAGE_LINKAGE_GENERATOR_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace linkage {

namespace internal {
class GeneratorReference;
}  // namespace internal

struct GeneratorOptions {
  // Rows to write, excluding the header. REQUIRES: 0 <= records <= 1e9.
  int64_t records = 1000;
  // Same seed and options give the same bytes.
  uint64_t seed = 1;
  // Share of rows that are duplicates (not a person's first record):
  // round(records * duplicate_rate) exactly, capped so that there is at least
  // one person. REQUIRES: 0 <= duplicate_rate <= 0.9.
  double duplicate_rate = 0.2;
  // Directory of the UK reference tables (linkage/internal/
  // generator_reference.h). Relative paths resolve against the working
  // directory: the default suits commands run from the repository root.
  std::string reference_dir = "data/reference";
  // Append household_id, record_kind and notes columns (for evaluation and
  // the generator's own tests).
  bool truth_details = false;
};

// Called after each batch of rows with (rows written, rows in total).
using GeneratorProgress = std::function<void(int64_t done, int64_t total)>;

class RegisterGenerator {
 public:
  // Checks `options` alone, without loading anything: InvalidArgument naming
  // the bad field (records, duplicate_rate, or too many people).
  static absl::Status Validate(const GeneratorOptions& options);

  // Validates `options` (InvalidArgument) and loads the reference tables from
  // options.reference_dir (NotFound / InvalidArgument naming file and line).
  static absl::StatusOr<RegisterGenerator> Create(
      const GeneratorOptions& options);

  // As above with tables already loaded (tests and benchmarks share one
  // load); options.reference_dir is ignored. REQUIRES: reference != nullptr.
  static absl::StatusOr<RegisterGenerator> Create(
      const GeneratorOptions& options,
      std::shared_ptr<const internal::GeneratorReference> reference);

  // Loads the reference tables alone (for the second Create overload).
  static absl::StatusOr<std::shared_ptr<const internal::GeneratorReference>>
  LoadReference(std::string_view reference_dir);

  // Produces the CSV in order as a series of pieces passed to `sink` (header
  // first). Stops at and returns the first non-OK status from `sink`.
  // `progress`, if set, is called on the calling thread between batches.
  absl::Status Generate(
      const std::function<absl::Status(std::string_view)>& sink,
      const GeneratorProgress& progress = nullptr) const;

  // The whole CSV in memory (small registers: tests, demos).
  std::string GenerateToString() const;

  // Writes the CSV to `path` through a temporary file renamed on success, so
  // a failed run leaves no partial file. Errors name the path.
  absl::Status WriteFile(std::string_view path,
                         const GeneratorProgress& progress = nullptr) const;

  const GeneratorOptions& options() const { return options_; }

 private:
  RegisterGenerator(GeneratorOptions options,
                    std::shared_ptr<const internal::GeneratorReference> ref)
      : options_(std::move(options)), reference_(std::move(ref)) {}

  GeneratorOptions options_;
  std::shared_ptr<const internal::GeneratorReference> reference_;
};

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_GENERATOR_H_
