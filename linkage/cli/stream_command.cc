// Copyright 2026 The Linkage Authors.
//
// `linkage stream --model M --store S`: a Matcher over a durable store, fed
// JSON Lines on stdin, answering one JSON line per input line on stdout:
//
//   {"op": "add", "id": "r1", "record": {"given_name": "Ann", ...}}
//   {"op": "match", "record": {...}, "options": {"count": 5, "explain": true}}
//   {"op": "remove", "id": "r1"}
//
// ops: add, update, upsert, remove, match (and get). Each answer is flushed
// before the next line is read, and a write is answered only after the store
// has committed it: a write whose answer was printed survives kill -9.
// A bad line (invalid JSON, unknown op, missing id, a write the matcher
// refuses, a line over --max-line-bytes) gets {"ok": false, "line": N,
// "code": ..., "error": ...} and the stream goes on; a store failure (I/O,
// corruption) ends it with exit 1. Exit 0 at the end of input.
#include <cstddef>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
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

void WriteLine(const json_wire::Json& answer) {
  const std::string text =
      answer.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
      "\n";
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

// Reads one line (without its '\n') into `line`, keeping at most `max_bytes`
// bytes of it: the rest of a longer line is read and dropped, and
// `*too_long` is set, so that one hostile line cannot exhaust memory.
// Returns false at the end of input when nothing was read.
bool ReadLine(std::istream& in, std::size_t max_bytes, std::string* line,
              bool* too_long) {
  line->clear();
  *too_long = false;
  std::streambuf* buffer = in.rdbuf();
  bool any = false;
  for (;;) {
    const int c = buffer->sbumpc();
    if (c == std::char_traits<char>::eof()) return any;
    any = true;
    if (c == '\n') return true;
    if (line->size() < max_bytes) {
      line->push_back(static_cast<char>(c));
    } else {
      *too_long = true;
    }
  }
}

// A store failure: later writes would fail too, so the stream stops.
bool IsFatal(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kResourceExhausted:
      return true;
    default:
      return false;
  }
}

// The record id of a write: "id", else the model's id column in "record".
absl::StatusOr<std::string> WriteId(const nlohmann::json& request,
                                    const std::string& id_column) {
  const auto id = request.find("id");
  if (id != request.end() && !id->is_null()) {
    if (id->is_string()) return id->get<std::string>();
    if (id->is_number_integer()) return id->dump();
    return absl::InvalidArgumentError("\"id\" must be a string");
  }
  const auto record = request.find("record");
  if (!id_column.empty() && record != request.end() && record->is_object()) {
    const auto in_record = record->find(id_column);
    if (in_record != record->end() && in_record->is_string()) {
      return in_record->get<std::string>();
    }
    if (in_record != record->end() && in_record->is_number_integer()) {
      return in_record->dump();
    }
  }
  return absl::InvalidArgumentError("missing \"id\"");
}

class Streamer {
 public:
  // `id_column` is the model's unique_id_column; `strip_id_column` if it is
  // not also a matched column (then a copy of the id in "record" is dropped).
  Streamer(Matcher& matcher, std::string id_column, bool strip_id_column)
      : matcher_(matcher),
        id_column_(std::move(id_column)),
        strip_id_column_(strip_id_column) {}

  // Answers one input line (`too_long`: cut at `max_line_bytes`, refused);
  // returns the status of a store failure (which ends the stream) or OK.
  absl::Status Handle(const std::string& line, std::int64_t number,
                      bool too_long, std::size_t max_line_bytes) {
    json_wire::Json answer = json_wire::Json::object();
    answer["ok"] = true;
    absl::Status status =
        too_long ? absl::InvalidArgumentError(absl::StrCat(
                       "line longer than ", max_line_bytes,
                       " bytes (--max-line-bytes)"))
                 : Answer(line, number, &answer);
    if (!status.ok()) {
      json_wire::Json error = json_wire::Json::object();
      error["ok"] = false;
      error["line"] = number;
      if (answer.contains("op")) error["op"] = answer["op"];
      if (answer.contains("id")) error["id"] = answer["id"];
      error["code"] = json_wire::CodeName(status);
      error["error"] = std::string(status.message());
      WriteLine(error);
      if (IsFatal(status)) return status;
      return absl::OkStatus();
    }
    WriteLine(answer);
    return absl::OkStatus();
  }

 private:
  absl::Status Answer(const std::string& line, std::int64_t number,
                      json_wire::Json* answer) {
    nlohmann::json request;
    try {
      request = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
      // e.byte is 1-based and points just past the offending byte.
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid JSON at column ", e.byte == 0 ? 1 : e.byte));
    } catch (const nlohmann::json::exception& e) {
      return absl::InvalidArgumentError(absl::StrCat("invalid JSON: ", e.what()));
    }
    if (!request.is_object()) {
      return absl::InvalidArgumentError("expected a JSON object");
    }
    const auto op_field = request.find("op");
    if (op_field == request.end() || !op_field->is_string()) {
      return absl::InvalidArgumentError(
          "missing \"op\" (add, update, upsert, remove, match, get)");
    }
    const std::string op = op_field->get<std::string>();
    (*answer)["op"] = op;
    const std::string where = absl::StrCat("line ", number);
    static const nlohmann::json kNull;
    const auto record_field = request.find("record");
    const nlohmann::json& record_json =
        record_field == request.end() ? kNull : *record_field;

    if (op == "match") {
      // A caller's tag, echoed if it is a string or an integer (a nested
      // value would be copied and printed recursively: deep nesting could
      // exhaust the stack).
      const auto tag = request.find("id");
      if (tag != request.end() &&
          (tag->is_string() || tag->is_number_integer())) {
        (*answer)["id"] = *tag;
      }
      LINKAGE_ASSIGN_OR_RETURN(
          RecordFields query,
          json_wire::RecordFromJson(record_json, where + ": record"));
      const auto options_field = request.find("options");
      LINKAGE_ASSIGN_OR_RETURN(
          MatchOptions options,
          json_wire::MatchOptionsFromJson(
              options_field == request.end() ? kNull : *options_field,
              where + ": options"));
      LINKAGE_ASSIGN_OR_RETURN(MatchResult result,
                               matcher_.Match(query, options));
      json_wire::AppendMatchResult(result, answer);
      return absl::OkStatus();
    }
    if (op != "add" && op != "update" && op != "upsert" && op != "remove" &&
        op != "get") {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown op \"", op, "\" (add, update, upsert, remove, match, get)"));
    }
    LINKAGE_ASSIGN_OR_RETURN(std::string id, WriteId(request, id_column_));
    (*answer)["id"] = id;
    if (id.empty()) return absl::InvalidArgumentError("empty \"id\"");
    if (op == "get") {
      std::optional<StoredRecord> stored = matcher_.Get(id);
      if (!stored.has_value()) {
        return absl::NotFoundError(absl::StrCat("no record \"", id, "\""));
      }
      (*answer)["cluster_id"] = stored->cluster_id;
      (*answer)["record"] = json_wire::RecordToJson(stored->fields);
      return absl::OkStatus();
    }
    WriteResult result;
    if (op == "remove") {
      LINKAGE_ASSIGN_OR_RETURN(result, matcher_.Remove(id));
    } else {
      StoredRecord record;
      record.id = id;
      LINKAGE_ASSIGN_OR_RETURN(
          record.fields,
          json_wire::RecordFromJson(record_json, where + ": record"));
      // The id travels in "id"; an id column in the record would be an
      // unknown column to the matcher.
      if (strip_id_column_) {
        std::erase_if(record.fields, [&](const auto& field) {
          return field.first == id_column_;
        });
      }
      if (op == "add") {
        LINKAGE_ASSIGN_OR_RETURN(result, matcher_.Add(record));
      } else if (op == "update") {
        LINKAGE_ASSIGN_OR_RETURN(result, matcher_.Update(record));
      } else {
        LINKAGE_ASSIGN_OR_RETURN(result, matcher_.Upsert(record));
      }
    }
    json_wire::AppendWriteResult(result, answer);
    return absl::OkStatus();
  }

  Matcher& matcher_;
  std::string id_column_;
  bool strip_id_column_;
};

}  // namespace

int StreamMain(std::span<const std::string> args) {
  po::options_description options(
      "Usage: linkage stream --model FILE --store FILE < requests.jsonl\n\n"
      "Reads one JSON request per line on stdin and writes one JSON answer per\n"
      "line on stdout, flushed; a write is answered once it is durable:\n"
      "  {\"op\": \"add\"|\"update\"|\"upsert\", \"id\": \"r1\", \"record\": {...}}\n"
      "  {\"op\": \"remove\"|\"get\", \"id\": \"r1\"}\n"
      "  {\"op\": \"match\", \"record\": {...}, \"options\": {\"count\": 5,\n"
      "   \"policy\": \"best\", \"only_certain\": true, \"explain\": true}}\n"
      "A bad line gets {\"ok\": false, \"line\": N, \"error\": ...} and the\n"
      "stream goes on. The store (SQLite) is created if missing.\n\nOptions");
  std::string model_path, store_path;
  std::size_t max_block_size = 10'000;
  std::size_t max_line_bytes = 1 << 20;
  options.add_options()
      ("help,h", "show this help")
      ("model,m", po::value(&model_path)->required(), "trained model JSON file")
      ("store,s", po::value(&store_path)->required(), "SQLite store file")
      ("max-block-size", po::value(&max_block_size)->default_value(10'000),
       "skip blocks larger than this for a query (0 = no limit)")
      ("max-line-bytes", po::value(&max_line_bytes)->default_value(1 << 20),
       "refuse request lines longer than this")
      ("no-fsync", "synchronous=NORMAL: survives kill -9 but not a power cut")
      ("quiet,q", "no progress on stderr");
  po::variables_map vars;
  if (auto exit = ParseCommandLine("stream", options, args, &vars)) return *exit;
  ProgressLog log("stream", vars.count("quiet") > 0);

  absl::StatusOr<Model> model = LoadModel(model_path);
  if (!model.ok()) return FailWith("stream", model.status());
  const std::string id_column = model->config().unique_id_column;
  bool strip_id_column = !id_column.empty();
  for (const ColumnConfig& column : model->config().columns) {
    if (column.name == id_column) strip_id_column = false;
  }
  SqliteStoreOptions store_options;
  store_options.full_sync = vars.count("no-fsync") == 0;
  absl::StatusOr<std::unique_ptr<Store>> store =
      OpenSqliteStore(store_path, store_options);
  if (!store.ok()) return FailWith("stream", store.status());
  MatcherOptions matcher_options;
  matcher_options.max_block_size = max_block_size;
  matcher_options.log = [&](const std::string& line) { log(line); };
  absl::StatusOr<std::unique_ptr<Matcher>> matcher = Matcher::Open(
      *std::move(model), *std::move(store), matcher_options);
  if (!matcher.ok()) return FailWith("stream", matcher.status());
  log(absl::StrFormat("ready: %d records", (*matcher)->Stats().records));

  Streamer streamer(**matcher, id_column, strip_id_column);
  std::ios::sync_with_stdio(false);
  std::string line;
  std::int64_t number = 0;
  bool too_long = false;
  while (ReadLine(std::cin, max_line_bytes, &line, &too_long)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!too_long && line.find_first_not_of(" \t") == std::string::npos) {
      continue;
    }
    if (absl::Status status =
            streamer.Handle(line, number, too_long, max_line_bytes);
        !status.ok()) {
      return FailWith("stream", status);
    }
  }
  log(absl::StrFormat("end of input after %d lines", number));
  return kExitOk;
}

}  // namespace linkage::cli
