// Copyright 2026 The Linkage Authors.
//
// Atomic output files: data goes to a temporary file beside the target and is
// renamed over it only on Commit(), so a failed run never leaves a partial or
// truncated output and a reader never sees one half-written (DESIGN.md
// section 8: "a bad file fails before any output is written").
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> out,
//                            AtomicFileWriter::Create("pairs.csv"));
//   LINKAGE_RETURN_IF_ERROR(out->Append("a,b\n"));
//   LINKAGE_RETURN_IF_ERROR(out->Commit());   // else the destructor discards
//
// Thread-safety: an AtomicFileWriter is not thread-safe. Distinct writers
// may be used from different threads.
#ifndef LINKAGE_LINKAGE_OUTPUT_H_
#define LINKAGE_LINKAGE_OUTPUT_H_

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace linkage {

class AtomicFileWriter {
 public:
  // Creates a temporary file "<path>.tmp-XXXXXX" in the target's directory
  // (same file system, so the final rename is atomic). Errors name `path`.
  static absl::StatusOr<std::unique_ptr<AtomicFileWriter>> Create(
      std::string_view path);

  // Removes the temporary file unless Commit() succeeded.
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  // Appends `data`. REQUIRES: Commit() has not been called.
  absl::Status Append(std::string_view data);

  // Hands what was appended so far to the operating system and starts
  // writing it to disk without waiting, so that Commit()'s fsync has less
  // left to wait for. Optional; REQUIRES: Commit() has not been called.
  absl::Status StartWriteback();

  // Flushes, syncs and renames the temporary file to the target path.
  // REQUIRES: called at most once.
  absl::Status Commit();

  const std::string& path() const noexcept { return path_; }

 private:
  AtomicFileWriter(std::string path, std::string temp_path, std::FILE* file);

  std::string path_;
  std::string temp_path_;
  std::FILE* file_;  // owned; null after Commit()
  bool committed_ = false;
};

// Writes `contents` to `path` atomically (temporary file + rename).
absl::Status WriteFileAtomically(std::string_view path,
                                 std::string_view contents);

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_OUTPUT_H_
