/* Copyright 2026 The Linkage Authors.
 *
 * match_example: a C program on the Linkage C API (linkage/c/linkage_c.h),
 * built outside the source tree against an installed Linkage.
 *
 *   match_example MODEL.json STORE.db RECORDS.jsonl
 *
 * RECORDS.jsonl holds one request per line, {"id": "...", "record": {...}}:
 * each record is first looked up (best candidate printed), then added (or
 * replaced) in the register. Then the register's size is printed. Exit 0 on
 * success, 1 on any error (message on stderr).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linkage/c/linkage_c.h"

/* Copies the JSON string value of "key" at the top level of a flat request
 * line into out; a tiny scanner, enough for this example's input format. */
static int find_string(const char* line, const char* key, char* out, size_t size) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\"", key);
  const char* at = strstr(line, pattern);
  if (at == NULL) return 0;
  at = strchr(at + strlen(pattern), '"');
  if (at == NULL) return 0;
  const char* end = strchr(at + 1, '"');
  if (end == NULL || (size_t)(end - at - 1) >= size) return 0;
  memcpy(out, at + 1, (size_t)(end - at - 1));
  out[end - at - 1] = '\0';
  return 1;
}

/* The object after "record": up to its matching brace (no braces inside
 * strings in this example's input). */
static int find_record(const char* line, char* out, size_t size) {
  const char* at = strstr(line, "\"record\"");
  if (at == NULL) return 0;
  at = strchr(at, '{');
  if (at == NULL) return 0;
  int depth = 0;
  const char* end = at;
  for (; *end != '\0'; ++end) {
    if (*end == '{') ++depth;
    if (*end == '}' && --depth == 0) break;
  }
  if (*end != '}' || (size_t)(end - at + 1) >= size) return 0;
  memcpy(out, at, (size_t)(end - at + 1));
  out[end - at + 1] = '\0';
  return 1;
}

static int fail(const char* what, linkage_status status) {
  fprintf(stderr, "match_example: %s: %s: %s\n", what, linkage_status_name(status),
          linkage_last_error());
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s MODEL.json STORE.db RECORDS.jsonl\n", argv[0]);
    return 2;
  }
  printf("linkage %s\n", linkage_version());
  linkage_matcher* matcher = NULL;
  linkage_status status = linkage_open(argv[1], argv[2], &matcher);
  if (status != LINKAGE_OK) return fail("open", status);

  FILE* in = fopen(argv[3], "r");
  if (in == NULL) {
    perror(argv[3]);
    linkage_close(matcher);
    return 1;
  }
  char line[4096], id[256], record[4096];
  int code = 0;
  while (code == 0 && fgets(line, sizeof line, in) != NULL) {
    if (!find_string(line, "id", id, sizeof id) ||
        !find_record(line, record, sizeof record)) {
      continue;
    }
    char* result = NULL;
    status = linkage_match(matcher, record, "{\"policy\": \"best\"}", &result);
    if (status != LINKAGE_OK) {
      code = fail("match", status);
      break;
    }
    printf("%s: best %s\n", id, result);
    linkage_free_string(result);

    status = linkage_upsert(matcher, id, record, &result);
    if (status != LINKAGE_OK) {
      code = fail("upsert", status);
      break;
    }
    printf("%s: stored %s\n", id, result);
    linkage_free_string(result);
  }
  fclose(in);

  /* Errors are values, not crashes. */
  status = linkage_remove(matcher, "no-such-record", NULL);
  if (status != LINKAGE_NOT_FOUND) {
    fprintf(stderr, "match_example: expected NOT_FOUND, got %s\n",
            linkage_status_name(status));
    code = 1;
  }

  uint64_t count = 0;
  status = linkage_count(matcher, &count);
  if (status != LINKAGE_OK && code == 0) code = fail("count", status);
  printf("register: %llu records\n", (unsigned long long)count);
  linkage_close(matcher);
  return code;
}
