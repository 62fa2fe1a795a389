// Copyright 2026 The Linkage Authors.
//
// The C API (linkage_c.h) on the Matcher. Every entry point runs its body in
// Guard(), which turns absl::Status errors and any C++ exception into a
// linkage_status and the thread's last error message.
#include "linkage/c/linkage_c.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "linkage/c/matcher_json.h"
#include "linkage/config.h"
#include "linkage/matcher.h"
#include "linkage/model.h"
#include "linkage/store.h"
#include "nlohmann/json.hpp"

#ifndef LINKAGE_VERSION
#define LINKAGE_VERSION "0.1.0"
#endif

struct linkage_matcher {
  std::unique_ptr<linkage::Matcher> matcher;
};

namespace linkage {
namespace {

thread_local std::string last_error;

linkage_status ToCStatus(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return LINKAGE_OK;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kUnimplemented:
      return LINKAGE_INVALID_ARGUMENT;
    case absl::StatusCode::kNotFound:
      return LINKAGE_NOT_FOUND;
    case absl::StatusCode::kAlreadyExists:
      return LINKAGE_ALREADY_EXISTS;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kAborted:
      return LINKAGE_IO;
    default:
      return LINKAGE_INTERNAL;
  }
}

// Runs `body` (returning absl::Status); never lets an exception out.
template <typename Body>
linkage_status Guard(Body&& body) noexcept {
  try {
    const absl::Status status = body();
    if (status.ok()) {
      last_error.clear();
      return LINKAGE_OK;
    }
    last_error = std::string(status.message());
    return ToCStatus(status);
  } catch (const std::bad_alloc&) {
    try {
      last_error = "out of memory";
    } catch (...) {
    }
    return LINKAGE_INTERNAL;
  } catch (const std::exception& e) {
    try {
      last_error = absl::StrCat("internal error: ", e.what());
    } catch (...) {
    }
    return LINKAGE_INTERNAL;
  } catch (...) {
    try {
      last_error = "internal error: unknown exception";
    } catch (...) {
    }
    return LINKAGE_INTERNAL;
  }
}

absl::Status Require(const void* pointer, const char* name) {
  if (pointer != nullptr) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(name, " is NULL"));
}

absl::StatusOr<nlohmann::json> ParseJson(const char* text, const char* what) {
  LINKAGE_RETURN_IF_ERROR(Require(text, what));
  nlohmann::json json =
      nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": invalid JSON"));
  }
  return json;
}

// A malloc'd copy of `json`'s text, for linkage_free_string().
absl::Status Emit(const json_wire::Json& json, char** out) {
  if (out == nullptr) return absl::OkStatus();
  const std::string text =
      json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy == nullptr) throw std::bad_alloc();
  std::memcpy(copy, text.c_str(), text.size() + 1);
  *out = copy;
  return absl::OkStatus();
}

void ClearOut(char** out) {
  if (out != nullptr) *out = nullptr;
}

absl::StatusOr<StoredRecord> ReadRecord(const char* id, const char* record_json) {
  LINKAGE_RETURN_IF_ERROR(Require(id, "id"));
  LINKAGE_ASSIGN_OR_RETURN(nlohmann::json json,
                           ParseJson(record_json, "record_json"));
  StoredRecord record;
  record.id = id;
  LINKAGE_ASSIGN_OR_RETURN(record.fields,
                           json_wire::RecordFromJson(json, "record_json"));
  return record;
}

enum class WriteKind { kAdd, kUpsert };

linkage_status Write(linkage_matcher* handle, WriteKind kind, const char* id,
                     const char* record_json, char** result_json) {
  ClearOut(result_json);
  return Guard([&]() -> absl::Status {
    LINKAGE_RETURN_IF_ERROR(Require(handle, "matcher"));
    LINKAGE_ASSIGN_OR_RETURN(StoredRecord record, ReadRecord(id, record_json));
    LINKAGE_ASSIGN_OR_RETURN(WriteResult result,
                             kind == WriteKind::kAdd
                                 ? handle->matcher->Add(record)
                                 : handle->matcher->Upsert(record));
    return Emit(json_wire::WriteResultToJson(result), result_json);
  });
}

}  // namespace
}  // namespace linkage

extern "C" {

const char* linkage_version(void) { return LINKAGE_VERSION; }

const char* linkage_status_name(linkage_status status) {
  switch (status) {
    case LINKAGE_OK:
      return "OK";
    case LINKAGE_INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case LINKAGE_NOT_FOUND:
      return "NOT_FOUND";
    case LINKAGE_ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case LINKAGE_IO:
      return "IO";
    case LINKAGE_INTERNAL:
      return "INTERNAL";
  }
  return "UNKNOWN";
}

const char* linkage_last_error(void) { return linkage::last_error.c_str(); }

linkage_status linkage_open(const char* model_path, const char* store_path,
                            linkage_matcher** out) {
  using namespace linkage;
  if (out != nullptr) *out = nullptr;
  return Guard([&]() -> absl::Status {
    LINKAGE_RETURN_IF_ERROR(Require(out, "out"));
    LINKAGE_RETURN_IF_ERROR(Require(model_path, "model_path"));
    LINKAGE_ASSIGN_OR_RETURN(Config config, LoadConfig(model_path));
    LINKAGE_ASSIGN_OR_RETURN(Model model, Model::FromConfig(config));
    std::unique_ptr<Store> store;
    if (store_path != nullptr && store_path[0] != '\0') {
      LINKAGE_ASSIGN_OR_RETURN(store, OpenSqliteStore(store_path));
    }
    LINKAGE_ASSIGN_OR_RETURN(std::unique_ptr<Matcher> matcher,
                             Matcher::Open(std::move(model), std::move(store)));
    *out = new linkage_matcher{std::move(matcher)};
    return absl::OkStatus();
  });
}

void linkage_close(linkage_matcher* matcher) {
  linkage::Guard([&]() -> absl::Status {
    delete matcher;
    return absl::OkStatus();
  });
}

linkage_status linkage_match(linkage_matcher* matcher, const char* query_json,
                             const char* options_json, char** result_json) {
  using namespace linkage;
  ClearOut(result_json);
  return Guard([&]() -> absl::Status {
    LINKAGE_RETURN_IF_ERROR(Require(matcher, "matcher"));
    LINKAGE_RETURN_IF_ERROR(Require(result_json, "result_json"));
    LINKAGE_ASSIGN_OR_RETURN(nlohmann::json query,
                             ParseJson(query_json, "query_json"));
    LINKAGE_ASSIGN_OR_RETURN(RecordFields fields,
                             json_wire::RecordFromJson(query, "query_json"));
    nlohmann::json options_document;
    if (options_json != nullptr) {
      LINKAGE_ASSIGN_OR_RETURN(options_document,
                               ParseJson(options_json, "options_json"));
    }
    LINKAGE_ASSIGN_OR_RETURN(
        MatchOptions options,
        json_wire::MatchOptionsFromJson(options_document, "options_json"));
    LINKAGE_ASSIGN_OR_RETURN(MatchResult result,
                             matcher->matcher->Match(fields, options));
    return Emit(json_wire::MatchResultToJson(result), result_json);
  });
}

linkage_status linkage_add(linkage_matcher* matcher, const char* id,
                           const char* record_json, char** result_json) {
  return linkage::Write(matcher, linkage::WriteKind::kAdd, id, record_json,
                        result_json);
}

linkage_status linkage_upsert(linkage_matcher* matcher, const char* id,
                              const char* record_json, char** result_json) {
  return linkage::Write(matcher, linkage::WriteKind::kUpsert, id, record_json,
                        result_json);
}

linkage_status linkage_remove(linkage_matcher* matcher, const char* id,
                              char** result_json) {
  using namespace linkage;
  ClearOut(result_json);
  return Guard([&]() -> absl::Status {
    LINKAGE_RETURN_IF_ERROR(Require(matcher, "matcher"));
    LINKAGE_RETURN_IF_ERROR(Require(id, "id"));
    LINKAGE_ASSIGN_OR_RETURN(WriteResult result, matcher->matcher->Remove(id));
    return Emit(json_wire::WriteResultToJson(result), result_json);
  });
}

linkage_status linkage_get(linkage_matcher* matcher, const char* id,
                           char** record_json) {
  using namespace linkage;
  ClearOut(record_json);
  return Guard([&]() -> absl::Status {
    LINKAGE_RETURN_IF_ERROR(Require(matcher, "matcher"));
    LINKAGE_RETURN_IF_ERROR(Require(id, "id"));
    LINKAGE_RETURN_IF_ERROR(Require(record_json, "record_json"));
    std::optional<StoredRecord> record = matcher->matcher->Get(id);
    if (!record.has_value()) {
      return absl::NotFoundError(absl::StrCat("no record \"", id, "\""));
    }
    return Emit(json_wire::StoredRecordToJson(*record), record_json);
  });
}

linkage_status linkage_count(linkage_matcher* matcher, uint64_t* out) {
  using namespace linkage;
  return Guard([&]() -> absl::Status {
    LINKAGE_RETURN_IF_ERROR(Require(matcher, "matcher"));
    LINKAGE_RETURN_IF_ERROR(Require(out, "out"));
    *out = matcher->matcher->Stats().records;
    return absl::OkStatus();
  });
}

void linkage_free_string(char* text) { std::free(text); }

}  // extern "C"
