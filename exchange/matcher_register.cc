// Copyright 2026 The Linkage Authors.
#include "exchange/person_register.h"

namespace linkage::exchange {
namespace {

class MatcherRegister final : public PersonRegister {
 public:
  explicit MatcherRegister(std::unique_ptr<Matcher> matcher)
      : matcher_(std::move(matcher)) {
    for (const ColumnSchema& column : matcher_->model().schema()) {
      columns_.push_back(column.name);
    }
  }

  absl::StatusOr<MatchResult> Match(
      const RecordFields& query, const MatchOptions& options) const override {
    return matcher_->Match(query, options);
  }
  std::optional<StoredRecord> Get(std::string_view id) const override {
    return matcher_->Get(id);
  }
  absl::Status Upsert(const StoredRecord& record) override {
    return matcher_->Upsert(record).status();
  }
  absl::Status Remove(std::string_view id) override {
    return matcher_->Remove(id).status();
  }
  std::vector<std::string> Columns() const override { return columns_; }
  std::string ModelVersion() const override {
    return matcher_->model_version();
  }
  std::uint64_t Size() const override { return matcher_->Stats().records; }

 private:
  std::unique_ptr<Matcher> matcher_;
  std::vector<std::string> columns_;
};

}  // namespace

std::unique_ptr<PersonRegister> MakeMatcherRegister(
    std::unique_ptr<Matcher> matcher) {
  return std::make_unique<MatcherRegister>(std::move(matcher));
}

}  // namespace linkage::exchange
