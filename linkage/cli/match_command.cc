// Copyright 2026 The Linkage Authors.
//
// `linkage match --model M --store S --query '{...}'`: one lookup against a
// stored register (the index is rebuilt from the store, then queried once).
// JSON on stdout (the wire format of linkage/c/matcher_json.h), or a table
// with --text. The store is only read: a missing store is an error, not a
// new empty register.
#include <sys/stat.h>

#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "boost/program_options.hpp"
#include "linkage/c/matcher_json.h"
#include "linkage/cli/command.h"
#include "linkage/cli/job_common.h"
#include "linkage/matcher.h"
#include "linkage/store.h"
#include "nlohmann/json.hpp"

namespace linkage::cli {
namespace {

namespace po = boost::program_options;

std::string TextTable(const MatchResult& result) {
  std::string out = absl::StrFormat("%d candidates (%d scored)\n",
                                    result.candidates.size(),
                                    result.candidates_scored);
  for (const FieldIssue& issue : result.issues) {
    absl::StrAppendFormat(&out, "query field %s: %s (ignored)\n", issue.column,
                          ToAbsl(IssueName(issue.issue)));
  }
  if (result.candidates.empty()) return out;
  absl::StrAppendFormat(&out, "%-20s %-14s %9s %11s %-13s %-9s %s\n", "record",
                        "cluster", "weight", "probability", "grade", "decision",
                        "reason");
  for (const MatchCandidate& c : result.candidates) {
    absl::StrAppendFormat(
        &out, "%-20s %-14s %+9.3f %11.6f %-13s %-9s %s\n", c.record_id,
        c.cluster_id, c.weight, c.probability, ToAbsl(MatchGradeName(c.grade)),
        ToAbsl(DecisionName(c.decision)),
        c.reason_text.empty() ? std::string(DecisionReasonName(c.reason))
                              : c.reason_text);
    if (c.explanation.has_value()) {
      out += c.explanation->ToText();
      if (out.back() != '\n') out += '\n';
    }
  }
  return out;
}

}  // namespace

int MatchMain(std::span<const std::string> args) {
  po::options_description options(
      "Usage: linkage match --model FILE --store FILE --query JSON\n\n"
      "Looks one record up in a stored register and prints the ranked\n"
      "candidates as JSON, e.g.\n"
      "  linkage match --model model.json --store register.db \\\n"
      "      --query '{\"first_name\": \"Robert\", \"surname\": \"Allen\"}'\n\n"
      "Options");
  std::string model_path, store_path, query_text, policy_name = "all";
  std::size_t count = 0;
  options.add_options()
      ("help,h", "show this help")
      ("model,m", po::value(&model_path)->required(), "trained model JSON file")
      ("store,s", po::value(&store_path)->required(), "SQLite store file")
      ("query", po::value(&query_text)->required(),
       "the query record: a JSON object of fields")
      ("count,n", po::value(&count)->default_value(0),
       "at most this many candidates (0 = all)")
      ("policy,p", po::value(&policy_name)->default_value("all"),
       "all, best, best-unique or top-k")
      ("only-certain", "only candidates graded certain")
      ("explain", "add each candidate's waterfall")
      ("text", "a readable table instead of JSON")
      ("quiet,q", "no progress on stderr");
  po::variables_map vars;
  if (auto exit = ParseCommandLine("match", options, args, &vars)) return *exit;
  ProgressLog log("match", vars.count("quiet") > 0);

  const nlohmann::json query_json =
      nlohmann::json::parse(query_text, nullptr, /*allow_exceptions=*/false);
  if (query_json.is_discarded()) {
    return FailWith("match", absl::InvalidArgumentError(
                                 "--query: invalid JSON"));
  }
  absl::StatusOr<RecordFields> query =
      json_wire::RecordFromJson(query_json, "--query");
  if (!query.ok()) return FailWith("match", query.status());
  absl::StatusOr<MatchPolicy> policy = json_wire::ParsePolicy(policy_name);
  if (!policy.ok()) {
    std::fprintf(stderr, "linkage match: --policy: %s\n",
                 std::string(policy.status().message()).c_str());
    return kExitUsage;
  }
  MatchOptions match_options;
  match_options.policy = *policy;
  match_options.count = count;
  match_options.only_certain = vars.count("only-certain") > 0;
  match_options.explain = vars.count("explain") > 0;

  struct stat info;
  if (::stat(store_path.c_str(), &info) != 0) {
    return FailWith("match", absl::NotFoundError(absl::StrCat(
                                 store_path, ": no such store (create one with "
                                             "linkage load or linkage stream)")));
  }
  absl::StatusOr<Model> model = LoadModel(model_path);
  if (!model.ok()) return FailWith("match", model.status());
  absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(store_path);
  if (!store.ok()) return FailWith("match", store.status());
  MatcherOptions matcher_options;
  matcher_options.log = [&](const std::string& line) { log(line); };
  absl::StatusOr<std::unique_ptr<Matcher>> matcher = Matcher::Open(
      *std::move(model), *std::move(store), matcher_options);
  if (!matcher.ok()) return FailWith("match", matcher.status());

  absl::StatusOr<MatchResult> result = (*matcher)->Match(*query, match_options);
  if (!result.ok()) return FailWith("match", result.status());
  std::string text;
  if (vars.count("text")) {
    text = TextTable(*result);
  } else {
    text = json_wire::MatchResultToJson(*result).dump(
               2, ' ', false, nlohmann::json::error_handler_t::replace) +
           "\n";
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kExitOk;
}

}  // namespace linkage::cli
