// Copyright 2026 The Linkage Authors.
//
// PersonRegister: what the exchange service needs from the register behind
// it — match a query, read a record, upsert and remove records, name the
// model's columns and version. MakeMatcherRegister() adapts a
// linkage::Matcher (the production register); tests may implement the
// interface with a fixed list of answers to drive every decision outcome.
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(std::unique_ptr<Matcher> matcher,
//                            Matcher::Open(std::move(model),
//                            std::move(store)));
//   std::unique_ptr<PersonRegister> reg =
//   MakeMatcherRegister(std::move(matcher));
//
// Thread-safety: implementations must allow concurrent calls (the Matcher
// does).
#ifndef LINKAGE_EXCHANGE_PERSON_REGISTER_H_
#define LINKAGE_EXCHANGE_PERSON_REGISTER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "linkage/matcher.h"
#include "linkage/store.h"

namespace linkage::exchange {

class PersonRegister {
 public:
  virtual ~PersonRegister() = default;
  // Ranked candidates (matcher.h Matcher::Match).
  virtual absl::StatusOr<MatchResult> Match(
      const RecordFields& query, const MatchOptions& options) const = 0;
  // The stored record, or nullopt.
  virtual std::optional<StoredRecord> Get(std::string_view id) const = 0;
  // Adds or replaces a record durably.
  virtual absl::Status Upsert(const StoredRecord& record) = 0;
  // Removes a record durably; NotFound if absent.
  virtual absl::Status Remove(std::string_view id) = 0;
  // The model's columns (query fields for other columns are dropped).
  virtual std::vector<std::string> Columns() const = 0;
  // The model fingerprint, for the audit log.
  virtual std::string ModelVersion() const = 0;
  // Number of records.
  virtual std::uint64_t Size() const = 0;
};

// A register over a Matcher. REQUIRES: matcher != nullptr.
std::unique_ptr<PersonRegister> MakeMatcherRegister(
    std::unique_ptr<Matcher> matcher);

}  // namespace linkage::exchange

#endif  // LINKAGE_EXCHANGE_PERSON_REGISTER_H_
