/* Copyright 2026 The Linkage Authors.
 *
 * linkage_c.h: the C API of Linkage, for other languages (Python via ctypes
 * or cffi, Go via cgo, Rust, R, ...). It wraps one Matcher (linkage/
 * matcher.h) over a durable SQLite store behind an opaque handle:
 *
 *   - every function returns a linkage_status; on an error, the message is
 *     available from linkage_last_error() on the same thread until the next
 *     call on that thread;
 *   - records, queries, options and results are JSON text (UTF-8), in the
 *     wire format of linkage/c/matcher_json.h: a record is an object of
 *     fields, {"first_name": "Ann", "dob": "1980-01-02"}; a match result is
 *     {"candidates": [{"record_id", "cluster_id", "weight", "probability",
 *     "match_grade", "decision", "reason", ...}], "candidates_scored", ...};
 *     a write result is {"cluster_id", "events": [...]};
 *   - strings returned through a char** belong to the caller, who frees them
 *     with linkage_free_string(); on an error *out is set to NULL;
 *   - no C++ exception crosses this API.
 *
 * Example:
 *   linkage_matcher* m = NULL;
 *   if (linkage_open("model.json", "register.db", &m) != LINKAGE_OK) {
 *     fprintf(stderr, "%s\n", linkage_last_error());
 *     return 1;
 *   }
 *   char* result = NULL;
 *   linkage_add(m, "r1", "{\"first_name\": \"Ann\"}", &result);
 *   linkage_free_string(result);
 *   linkage_match(m, "{\"first_name\": \"Anne\"}", "{\"count\": 5}", &result);
 *   puts(result);
 *   linkage_free_string(result);
 *   linkage_close(m);
 *
 * Thread-safety: a handle may be used from several threads at once (matches
 * run in parallel, writes are serialised), except linkage_close(), which
 * must be the last call on the handle. linkage_last_error() is per thread.
 */
#ifndef LINKAGE_LINKAGE_C_LINKAGE_C_H_
#define LINKAGE_LINKAGE_C_LINKAGE_C_H_

#include <stdint.h>

#if defined(_WIN32)
#define LINKAGE_C_API __declspec(dllexport)
#else
#define LINKAGE_C_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum linkage_status {
  LINKAGE_OK = 0,
  LINKAGE_INVALID_ARGUMENT = 1, /* bad JSON, unknown column, bad model... */
  LINKAGE_NOT_FOUND = 2,        /* no such record, model file or store */
  LINKAGE_ALREADY_EXISTS = 3,   /* linkage_add of an id already stored */
  LINKAGE_IO = 4,               /* the store failed (disk, lock, corruption) */
  LINKAGE_INTERNAL = 5          /* a bug or out of memory */
} linkage_status;

/* An open matcher: a model and a register. Opaque. */
typedef struct linkage_matcher linkage_matcher;

/* The library version, e.g. "0.1.0". Static storage; never NULL. */
LINKAGE_C_API const char* linkage_version(void);

/* "OK", "INVALID_ARGUMENT", ... Static storage; never NULL. */
LINKAGE_C_API const char* linkage_status_name(linkage_status status);

/* The message of the last failed call on this thread ("" if the last call
 * succeeded). Valid until the next linkage_* call on this thread. */
LINKAGE_C_API const char* linkage_last_error(void);

/* Opens a matcher for the trained model at `model_path` over the SQLite
 * store at `store_path` (created if missing; NULL or "" = an in-memory
 * register lost at close), rebuilding the index from the store.
 * REQUIRES: out != NULL. On success *out is a handle for linkage_close(). */
LINKAGE_C_API linkage_status linkage_open(const char* model_path,
                                          const char* store_path,
                                          linkage_matcher** out);

/* Closes the matcher and its store. NULL is ignored. */
LINKAGE_C_API void linkage_close(linkage_matcher* matcher);

/* Ranked candidates for `query_json` (a record object). `options_json` may
 * be NULL or an object {"count", "policy", "only_certain", "explain",
 * "min_grade"}. *result_json receives the match result. */
LINKAGE_C_API linkage_status linkage_match(linkage_matcher* matcher,
                                           const char* query_json,
                                           const char* options_json,
                                           char** result_json);

/* Adds record `id` with fields `record_json`; LINKAGE_ALREADY_EXISTS if the
 * id is stored. Durable when it returns LINKAGE_OK. `result_json` may be
 * NULL; else it receives the write result (cluster id and events). */
LINKAGE_C_API linkage_status linkage_add(linkage_matcher* matcher,
                                         const char* id,
                                         const char* record_json,
                                         char** result_json);

/* Adds or replaces record `id`. As linkage_add otherwise. */
LINKAGE_C_API linkage_status linkage_upsert(linkage_matcher* matcher,
                                            const char* id,
                                            const char* record_json,
                                            char** result_json);

/* Removes record `id`; LINKAGE_NOT_FOUND if it is not stored. */
LINKAGE_C_API linkage_status linkage_remove(linkage_matcher* matcher,
                                            const char* id,
                                            char** result_json);

/* The stored record {"id", "cluster_id", "record": {...}};
 * LINKAGE_NOT_FOUND if none. */
LINKAGE_C_API linkage_status linkage_get(linkage_matcher* matcher,
                                         const char* id, char** record_json);

/* Number of records in the register. REQUIRES: out != NULL. */
LINKAGE_C_API linkage_status linkage_count(linkage_matcher* matcher,
                                           uint64_t* out);

/* Frees a string returned by this API. NULL is ignored. */
LINKAGE_C_API void linkage_free_string(char* text);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* LINKAGE_LINKAGE_C_LINKAGE_C_H_ */
