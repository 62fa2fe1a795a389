// Copyright 2026 The Linkage Authors.
#include "linkage/model.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/string_view.h"
#include "normalise/registry.h"

namespace linkage {
namespace {

absl::Status Bad(const Config& config, std::string_view path,
                 std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat(config.source, ": ", ToAbsl(path), ": ", ToAbsl(what)));
}

// Prefixes a status message with the config file.
absl::Status InFile(const Config& config, const absl::Status& status) {
  return absl::Status(status.code(),
                      absl::StrCat(config.source, ": ", status.message()));
}

constexpr std::string_view kTopLevelKeys[] = {
    "link_type", "unique_id_column", "input", "columns",
    "blocking_rules_to_generate_predictions", "comparisons",
    "probability_two_random_records_match", "training", "provenance",
    "decisions", "description", "term_frequencies", "$comment"};

absl::StatusOr<std::map<std::string, TermFrequencyTable>> ParseTermFrequencies(
    const Config& config, const nlohmann::json& json,
    std::span<const ColumnSchema> schema) {
  const std::string path = "$.term_frequencies";
  std::map<std::string, TermFrequencyTable> out;
  if (json.is_null()) return out;
  if (!json.is_object()) {
    return Bad(config, path,
               "must be an object: column -> {\"non_null\": N, \"counts\": {...}}");
  }
  for (const auto& [column, table_json] : json.items()) {
    const std::string column_path = absl::StrCat(path, ".", column);
    bool known = false;
    for (const ColumnSchema& c : schema) known = known || c.name == column;
    if (!known) return Bad(config, column_path, "not a configured column");
    if (!table_json.is_object()) return Bad(config, column_path, "must be an object");
    for (const auto& [key, value] : table_json.items()) {
      if (key != "non_null" && key != "counts") {
        return Bad(config, absl::StrCat(column_path, ".", key),
                   "unknown key; expected non_null, counts");
      }
    }
    TermFrequencyTable table;
    auto non_null = table_json.find("non_null");
    if (non_null == table_json.end() || !non_null->is_number_integer() ||
        non_null->get<std::int64_t>() < 0) {
      return Bad(config, column_path + ".non_null",
                 "missing or not a non-negative integer");
    }
    table.non_null = non_null->get<std::uint64_t>();
    auto counts = table_json.find("counts");
    if (counts == table_json.end() || !counts->is_object()) {
      return Bad(config, column_path + ".counts",
                 "missing or not an object of value -> count");
    }
    std::uint64_t total = 0;
    for (const auto& [value, count] : counts->items()) {
      if (!count.is_number_integer() || count.get<std::int64_t>() < 1) {
        return Bad(config, absl::StrCat(column_path, ".counts.", value),
                   "must be a positive integer");
      }
      table.counts[value] = count.get<std::uint64_t>();
      total += count.get<std::uint64_t>();
    }
    if (total > table.non_null) {
      return Bad(config, column_path + ".counts",
                 absl::StrCat("counts sum to ", total, ", more than non_null (",
                              table.non_null, ")"));
    }
    out[column] = std::move(table);
  }
  return out;
}

}  // namespace

double TermFrequencyTable::Frequency(std::string_view value) const {
  if (non_null == 0) return 0.0;
  auto it = counts.find(ToAbsl(value));
  const std::uint64_t count = it == counts.end() ? 1 : it->second;
  return static_cast<double>(count) / static_cast<double>(non_null);
}

std::string_view LinkTypeName(LinkType type) noexcept {
  switch (type) {
    case LinkType::kDedupeOnly: return "dedupe_only";
    case LinkType::kLinkOnly: return "link_only";
    case LinkType::kLinkAndDedupe: return "link_and_dedupe";
  }
  return "?";
}

absl::StatusOr<Model> Model::FromConfig(const Config& config) {
  Model model;
  model.config_ = config;
  const nlohmann::json& doc = config.document;
  for (const auto& [key, value] : doc.items()) {
    bool known = false;
    for (std::string_view k : kTopLevelKeys) known = known || k == key;
    if (!known) {
      return Bad(config, "$." + key,
                 "unknown key; expected link_type, unique_id_column, input, "
                 "columns, blocking_rules_to_generate_predictions, comparisons, "
                 "probability_two_random_records_match, training, decisions, term_frequencies");
    }
  }
  if (config.unique_id_column.empty()) {
    return Bad(config, "$.unique_id_column",
               "missing; name the column holding each record's unique id");
  }
  if (auto it = doc.find("link_type"); it != doc.end()) {
    const std::string type = it->is_string() ? it->get<std::string>() : "";
    if (type == "dedupe_only") {
      model.link_type_ = LinkType::kDedupeOnly;
    } else if (type == "link_only") {
      model.link_type_ = LinkType::kLinkOnly;
    } else if (type == "link_and_dedupe") {
      model.link_type_ = LinkType::kLinkAndDedupe;
    } else {
      return Bad(config, "$.link_type",
                 "must be dedupe_only, link_only or link_and_dedupe");
    }
  }
  // Column schema: the parts each configured normaliser produces.
  for (const ColumnConfig& column : config.columns) {
    absl::StatusOr<std::unique_ptr<Normaliser>> normaliser =
        MakeNormaliser(column.spec, column.json_path);
    if (!normaliser.ok()) return InFile(config, normaliser.status());
    ColumnSchema schema{column.name, {}};
    for (const std::string& p : (*normaliser)->part_names()) {
      schema.part_names.push_back(p);
    }
    model.schema_.push_back(std::move(schema));
  }
  auto rules = doc.find("blocking_rules_to_generate_predictions");
  if (rules == doc.end()) {
    return Bad(config, "$.blocking_rules_to_generate_predictions",
               "missing; give at least one blocking rule");
  }
  absl::StatusOr<BlockingRules> prediction_rules = BlockingRules::Create(
      *rules, model.schema_, "$.blocking_rules_to_generate_predictions");
  if (!prediction_rules.ok()) return InFile(config, prediction_rules.status());
  model.prediction_rules_ = *std::move(prediction_rules);

  auto comparisons = doc.find("comparisons");
  if (comparisons == doc.end()) {
    return Bad(config, "$.comparisons", "missing; give at least one comparison");
  }
  absl::StatusOr<std::vector<ComparisonSpec>> parsed =
      ParseComparisons(*comparisons, model.schema_, "$.comparisons");
  if (!parsed.ok()) return InFile(config, parsed.status());
  model.comparisons_ = *std::move(parsed);

  if (auto it = doc.find("probability_two_random_records_match");
      it != doc.end() && !it->is_null()) {
    if (!it->is_number() || !(it->get<double>() > 0 && it->get<double>() < 1)) {
      return Bad(config, "$.probability_two_random_records_match",
                 "must be a number strictly between 0 and 1");
    }
    model.lambda_ = it->get<double>();
  }

  if (auto it = doc.find("term_frequencies"); it != doc.end()) {
    absl::StatusOr<std::map<std::string, TermFrequencyTable>> tables =
        ParseTermFrequencies(config, *it, model.schema_);
    if (!tables.ok()) return tables.status();
    model.term_frequencies_ = *std::move(tables);
  }

  if (auto it = doc.find("training"); it != doc.end()) {
    const nlohmann::json& t = *it;
    if (!t.is_object()) return Bad(config, "$.training", "must be an object");
    TrainingSettings& s = model.training_;
    for (const auto& item : t.items()) {
      // Plain variables, not a structured binding: lambdas capture them.
      const std::string key = item.key();
      const nlohmann::json& value = item.value();
      const std::string path = "$.training." + key;
      auto positive_integer = [&](std::uint64_t* out) -> absl::Status {
        if (!value.is_number_integer() || value.get<std::int64_t>() < 0) {
          return Bad(config, path, "must be a non-negative integer");
        }
        *out = value.get<std::uint64_t>();
        return absl::OkStatus();
      };
      absl::Status status;
      if (key == "seed") {
        status = positive_integer(&s.seed);
      } else if (key == "max_pairs_for_u") {
        status = positive_integer(&s.max_pairs_for_u);
      } else if (key == "min_u_observations") {
        status = positive_integer(&s.min_u_observations);
      } else if (key == "recall") {
        if (!value.is_number() || !(value.get<double>() > 0 && value.get<double>() <= 1)) {
          return Bad(config, path, "must be a number in (0, 1]");
        }
        s.recall = value.get<double>();
      } else if (key == "em_max_iterations") {
        if (!value.is_number_integer() || value.get<int>() < 1 || value.get<int>() > 10000) {
          return Bad(config, path, "must be an integer from 1 to 10000");
        }
        s.em_max_iterations = value.get<int>();
      } else if (key == "em_convergence") {
        if (!value.is_number() || !(value.get<double>() > 0)) {
          return Bad(config, path, "must be a positive number");
        }
        s.em_convergence = value.get<double>();
      } else if (key == "deterministic_rules" || key == "em_blocking_rules") {
        absl::StatusOr<BlockingRules> check =
            BlockingRules::Create(value, model.schema_, path);
        if (!check.ok()) return InFile(config, check.status());
        (key == "deterministic_rules" ? s.deterministic_rules : s.em_blocking_rules) = value;
      } else {
        return Bad(config, path,
                   "unknown key; expected seed, max_pairs_for_u, "
                   "min_u_observations, deterministic_rules, recall, "
                   "em_blocking_rules, em_max_iterations, em_convergence");
      }
      if (!status.ok()) return status;
    }
  }
  return model;
}

absl::Status Model::CheckTrained() const {
  if (!lambda_) {
    return absl::FailedPreconditionError(
        "the model has no probability_two_random_records_match; train it "
        "(linkage train) or set it in the config");
  }
  for (const ComparisonSpec& c : comparisons_) {
    for (std::size_t l = 1; l < c.levels.size(); ++l) {
      const LevelSpec& level = c.levels[l];
      if (!level.m_probability || !level.u_probability) {
        return absl::FailedPreconditionError(absl::StrCat(
            "comparison \"", c.output_column_name, "\" level ", l, " (",
            level.label, ") has no ",
            level.m_probability ? "u_probability" : "m_probability",
            "; train the model (linkage train) first"));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<RecordTableBuilder::ColumnSpec>>
Model::MakeColumnSpecs() const {
  std::vector<RecordTableBuilder::ColumnSpec> specs;
  for (const ColumnConfig& column : config_.columns) {
    absl::StatusOr<std::unique_ptr<Normaliser>> normaliser =
        MakeNormaliser(column.spec, column.json_path);
    if (!normaliser.ok()) return InFile(config_, normaliser.status());
    specs.push_back({column.name, *std::move(normaliser)});
  }
  return specs;
}

nlohmann::json Model::ToJson(const nlohmann::json& provenance) const {
  nlohmann::json doc = config_.document;
  nlohmann::json comparisons = nlohmann::json::array();
  for (const ComparisonSpec& c : comparisons_) {
    nlohmann::json json = ComparisonToJson(c);
    // Keep a description the user wrote.
    comparisons.push_back(std::move(json));
  }
  doc["comparisons"] = std::move(comparisons);
  doc["link_type"] = std::string(LinkTypeName(link_type_));
  if (lambda_) doc["probability_two_random_records_match"] = *lambda_;
  if (term_frequencies_.empty()) {
    doc.erase("term_frequencies");
  } else {
    nlohmann::json tables = nlohmann::json::object();
    for (const auto& [column, table] : term_frequencies_) {
      // Sorted by value, so the same model writes the same bytes; added in
      // that order at the end of the object's map (no search per value).
      std::vector<std::pair<std::string_view, std::uint64_t>> sorted(table.counts.begin(),
                                                                     table.counts.end());
      std::sort(sorted.begin(), sorted.end());
      nlohmann::json counts = nlohmann::json::object();
      auto& object = counts.get_ref<nlohmann::json::object_t&>();
      for (const auto& [value, count] : sorted) {
        object.emplace_hint(object.end(), std::string(value), count);
      }
      tables[column] = {{"non_null", table.non_null}, {"counts", std::move(counts)}};
    }
    doc["term_frequencies"] = std::move(tables);
  }
  if (!provenance.is_null()) doc["provenance"] = provenance;
  return doc;
}

}  // namespace linkage
