// Copyright 2026 The Linkage Authors.
#include "linkage/profile.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "base/string_view.h"
#include "linkage/csv_writer.h"
#include "normalise/registry.h"
#include "tbb/blocked_range.h"
#include "tbb/parallel_for.h"

namespace linkage {

Profiler::Profiler(std::vector<ProfiledColumn> columns, ProfileOptions options)
    : options_(std::move(options)) {
  columns_.reserve(columns.size());
  for (ProfiledColumn& column : columns) {
    columns_.emplace_back();
    columns_.back().column = std::move(column);
  }
}

void Profiler::AddRow(std::span<const std::string_view> values,
                      std::int64_t line) {
  ++rows_;
  for (std::size_t index = 0; index < columns_.size(); ++index) {
    ColumnState& state = columns_[index];
    const std::string_view raw = values[index];
    auto [it, inserted] = state.raw_ids.try_emplace(
        ToAbsl(raw), static_cast<std::uint32_t>(state.raw.size()));
    if (inserted) {
      state.raw.emplace_back();
      state.new_values.emplace_back(raw);
    }
    batch_raw_ids_.push_back(it->second);
  }
  batch_lines_.push_back(line);
  if (batch_lines_.size() >= kBatchRows) Flush();
}

void Profiler::Flush() {
  for (ColumnState& state : columns_) {
    const std::size_t count = state.new_values.size();
    if (count == 0) continue;
    std::vector<NormalisedValue> results(count);
    const Normaliser& normaliser = *state.column.normaliser;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, 64),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t i = range.begin(); i != range.end();
                             ++i) {
                          results[i] = normaliser.Normalise(state.new_values[i]);
                        }
                      });
    // Serial, in first-seen order, so normalised ids are deterministic.
    const std::size_t first = state.raw.size() - count;
    for (std::size_t i = 0; i < count; ++i) {
      RawEntry& entry = state.raw[first + i];
      entry.issue = results[i].issue;
      if (entry.issue != Issue::kNone) continue;
      auto [id, inserted] = state.normalised_ids.try_emplace(
          std::move(results[i].value),
          static_cast<std::uint32_t>(state.normalised_counts.size()));
      if (inserted) state.normalised_counts.push_back(0);
      entry.normalised_id = id->second;
    }
    state.new_values.clear();
  }
  const std::size_t width = columns_.size();
  for (std::size_t row = 0; row < batch_lines_.size(); ++row) {
    for (std::size_t index = 0; index < width; ++index) {
      ColumnState& state = columns_[index];
      const RawEntry entry = state.raw[batch_raw_ids_[row * width + index]];
      const auto issue = static_cast<std::size_t>(entry.issue);
      if (issue >= kIssues) continue;  // not a known Issue: ignore defensively
      ++state.issue_counts[issue];
      if (entry.issue == Issue::kNone) {
        ++state.normalised_counts[entry.normalised_id];
      } else if (static_cast<int>(state.examples[issue].size()) <
                 options_.max_examples) {
        state.examples[issue].push_back(batch_lines_[row]);
      }
    }
  }
  batch_raw_ids_.clear();
  batch_lines_.clear();
}

DataQualityReport Profiler::Report(std::string_view input) {
  Flush();
  DataQualityReport report;
  report.input = std::string(input);
  report.rows = rows_;
  for (const ColumnState& state : columns_) {
    FieldProfile field;
    field.column = state.column.name;
    field.normaliser = std::string(state.column.normaliser->name());
    field.rows = rows_;
    field.valid = state.issue_counts[static_cast<std::size_t>(Issue::kNone)];
    field.missing =
        state.issue_counts[static_cast<std::size_t>(Issue::kMissing)];
    field.invalid = rows_ - field.valid - field.missing;
    for (std::size_t issue = 0; issue < kIssues; ++issue) {
      const Issue code = static_cast<Issue>(issue);
      if (code == Issue::kNone || code == Issue::kMissing) continue;
      if (state.issue_counts[issue] == 0) continue;
      field.invalid_by_reason.push_back(
          IssueCount{code, state.issue_counts[issue], state.examples[issue]});
    }
    std::stable_sort(field.invalid_by_reason.begin(),
                     field.invalid_by_reason.end(),
                     [](const IssueCount& a, const IssueCount& b) {
                       return a.count > b.count;
                     });
    field.distinct_raw = static_cast<std::int64_t>(state.raw.size());
    // Only values some row actually normalised to are counted.
    std::vector<ValueCount> values;
    values.reserve(state.normalised_ids.size());
    for (const auto& [value, id] : state.normalised_ids) {
      if (state.normalised_counts[id] > 0) {
        values.push_back(ValueCount{value, state.normalised_counts[id]});
      }
    }
    field.distinct_normalised = static_cast<std::int64_t>(values.size());
    const std::size_t top =
        std::min(values.size(), static_cast<std::size_t>(
                                    std::max(options_.top_n, 0)));
    auto by_count = [](const ValueCount& a, const ValueCount& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    };
    std::partial_sort(values.begin(), values.begin() + top, values.end(),
                      by_count);
    values.resize(top);
    field.top_values = std::move(values);
    report.fields.push_back(std::move(field));
  }
  return report;
}

absl::StatusOr<DataQualityReport> ProfileSource(
    RowSource& source, std::string_view unique_id_column,
    std::span<const ProfiledColumn> columns, const ProfileOptions& options) {
  std::vector<std::size_t> indexes;
  for (const ProfiledColumn& column : columns) {
    LINKAGE_ASSIGN_OR_RETURN(std::size_t index,
                             RequireColumn(source, column.name));
    indexes.push_back(index);
  }
  std::optional<std::size_t> id_index;
  if (!unique_id_column.empty()) {
    LINKAGE_ASSIGN_OR_RETURN(
        id_index,
        RequireColumn(source, unique_id_column, "the config's unique_id_column"));
  }
  absl::flat_hash_map<std::string, std::int64_t> id_lines;
  Profiler profiler(std::vector<ProfiledColumn>(columns.begin(), columns.end()),
                    options);
  std::vector<std::string_view> values(indexes.size());
  std::int64_t rows = 0;
  for (;;) {
    LINKAGE_ASSIGN_OR_RETURN(bool more, source.Next());
    if (!more) break;
    const std::span<const std::string_view> fields = source.fields();
    if (id_index.has_value()) {
      const std::string_view id = fields[*id_index];
      if (id.empty()) {
        return absl::InvalidArgumentError(
            absl::StrFormat("%s:%d: empty record id in column \"%s\"",
                            source.name(), source.line(), unique_id_column));
      }
      auto [it, inserted] = id_lines.try_emplace(ToAbsl(id), source.line());
      if (!inserted) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s:%d: duplicate record id \"%s\" in column \"%s\" (first at "
            "line %d)",
            source.name(), source.line(), id, unique_id_column, it->second));
      }
    }
    for (std::size_t i = 0; i < indexes.size(); ++i) {
      values[i] = fields[indexes[i]];
    }
    profiler.AddRow(values, source.line());
    ++rows;
    if (options.progress_every > 0 && options.on_progress &&
        rows % options.progress_every == 0) {
      options.on_progress(rows);
    }
  }
  return profiler.Report(source.name());
}

absl::StatusOr<DataQualityReport> ProfileFile(const Config& config,
                                              std::string_view input_path,
                                              const ProfileOptions& options) {
  std::vector<std::unique_ptr<Normaliser>> normalisers;
  std::vector<ProfiledColumn> columns;
  for (const ColumnConfig& column : config.columns) {
    absl::StatusOr<std::unique_ptr<Normaliser>> normaliser =
        MakeNormaliser(column.spec, column.json_path);
    if (!normaliser.ok()) {
      return absl::Status(normaliser.status().code(),
                          absl::StrFormat("%s: %s", config.source,
                                          ToStd(normaliser.status().message())));
    }
    columns.push_back(ProfiledColumn{column.name, normaliser->get()});
    normalisers.push_back(std::move(*normaliser));
  }
  LINKAGE_ASSIGN_OR_RETURN(std::unique_ptr<RowSource> source,
                           OpenRowSource(input_path, config.input));
  return ProfileSource(*source, config.unique_id_column, columns, options);
}

namespace {

std::string JoinLines(const std::vector<std::int64_t>& lines,
                      std::string_view separator) {
  return absl::StrJoin(lines, ToAbsl(separator));
}

// Control characters would garble a terminal table.
std::string Printable(std::string_view value) {
  std::string out;
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      absl::StrAppend(&out, absl::StrFormat("\\x%02X", byte));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string ReportToText(const DataQualityReport& report) {
  std::string out = absl::StrFormat("Data-quality report: %s (%d rows)\n\n",
                                    report.input, report.rows);
  std::size_t width = 6;
  for (const FieldProfile& field : report.fields) {
    width = std::max(width, field.column.size());
  }
  const int w = static_cast<int>(width);
  absl::StrAppend(&out, absl::StrFormat("%-*s  %-13s %8s %8s %8s %8s %9s %9s\n",
                                        w, "column", "normaliser", "valid",
                                        "missing", "invalid", "invalid%",
                                        "distinct", "dist.norm"));
  for (const FieldProfile& field : report.fields) {
    const double percent =
        field.rows == 0 ? 0.0 : 100.0 * field.invalid / field.rows;
    absl::StrAppend(&out, absl::StrFormat(
                              "%-*s  %-13s %8d %8d %8d %7.1f%% %9d %9d\n", w,
                              field.column, field.normaliser, field.valid,
                              field.missing, field.invalid, percent,
                              field.distinct_raw, field.distinct_normalised));
  }
  bool any_invalid = false;
  for (const FieldProfile& field : report.fields) {
    for (const IssueCount& issue : field.invalid_by_reason) {
      if (!any_invalid) {
        absl::StrAppend(&out, "\nInvalid values by reason (example lines):\n");
        any_invalid = true;
      }
      absl::StrAppend(&out, absl::StrFormat(
                                "  %-*s  %-18s %8d  lines %s\n", w, field.column,
                                IssueName(issue.issue), issue.count,
                                JoinLines(issue.example_lines, ", ")));
    }
  }
  bool any_top = false;
  for (const FieldProfile& field : report.fields) {
    if (field.top_values.empty()) continue;
    if (!any_top) {
      absl::StrAppend(&out, "\nMost frequent values:\n");
      any_top = true;
    }
    std::vector<std::string> items;
    for (const ValueCount& value : field.top_values) {
      items.push_back(
          absl::StrFormat("%s (%d)", Printable(value.value), value.count));
    }
    absl::StrAppend(&out, absl::StrFormat("  %-*s  %s\n", w, field.column,
                                          absl::StrJoin(items, ", ")));
  }
  return out;
}

nlohmann::json ReportToJson(const DataQualityReport& report) {
  nlohmann::json fields = nlohmann::json::array();
  for (const FieldProfile& field : report.fields) {
    nlohmann::json reasons = nlohmann::json::array();
    for (const IssueCount& issue : field.invalid_by_reason) {
      reasons.push_back({{"reason", std::string(IssueName(issue.issue))},
                         {"count", issue.count},
                         {"example_lines", issue.example_lines}});
    }
    nlohmann::json top = nlohmann::json::array();
    for (const ValueCount& value : field.top_values) {
      top.push_back({{"value", value.value}, {"count", value.count}});
    }
    fields.push_back({{"column", field.column},
                      {"normaliser", field.normaliser},
                      {"rows", field.rows},
                      {"valid", field.valid},
                      {"missing", field.missing},
                      {"invalid", field.invalid},
                      {"invalid_by_reason", std::move(reasons)},
                      {"distinct_raw", field.distinct_raw},
                      {"distinct_normalised", field.distinct_normalised},
                      {"top_values", std::move(top)}});
  }
  return {{"input", report.input},
          {"rows", report.rows},
          {"fields", std::move(fields)}};
}

std::string ReportToCsv(const DataQualityReport& report) {
  std::string out = "column,section,key,count,example_lines\n";
  for (const FieldProfile& field : report.fields) {
    const std::string column = CsvField(field.column);
    const std::pair<const char*, std::int64_t> summary[] = {
        {"rows", field.rows},
        {"valid", field.valid},
        {"missing", field.missing},
        {"invalid", field.invalid},
        {"distinct_raw", field.distinct_raw},
        {"distinct_normalised", field.distinct_normalised}};
    for (const auto& [key, count] : summary) {
      absl::StrAppend(&out, column, ",summary,", key, ",", count, ",\n");
    }
    for (const IssueCount& issue : field.invalid_by_reason) {
      absl::StrAppend(&out, column, ",invalid,", ToAbsl(IssueName(issue.issue)),
                      ",", issue.count, ",", JoinLines(issue.example_lines, " "),
                      "\n");
    }
    for (const ValueCount& value : field.top_values) {
      absl::StrAppend(&out, column, ",top_value,", CsvField(value.value), ",",
                      value.count, ",\n");
    }
  }
  return out;
}

}  // namespace linkage
