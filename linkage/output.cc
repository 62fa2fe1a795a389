// Copyright 2026 The Linkage Authors.
#include "linkage/output.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "absl/strings/str_format.h"
#include "base/status_macros.h"

namespace linkage {
namespace {

absl::Status IoError(std::string_view action, std::string_view path) {
  return absl::PermissionDeniedError(
      absl::StrFormat("cannot %s %s: %s", action, path, std::strerror(errno)));
}

}  // namespace

AtomicFileWriter::AtomicFileWriter(std::string path, std::string temp_path,
                                   std::FILE* file)
    : path_(std::move(path)), temp_path_(std::move(temp_path)), file_(file) {}

AtomicFileWriter::~AtomicFileWriter() {
  if (file_ != nullptr) std::fclose(file_);
  if (!committed_) ::unlink(temp_path_.c_str());
}

absl::StatusOr<std::unique_ptr<AtomicFileWriter>> AtomicFileWriter::Create(
    std::string_view path) {
  if (path.empty()) {
    return absl::InvalidArgumentError("output path is empty");
  }
  std::string pattern = absl::StrFormat("%s.tmp-XXXXXX", path);
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) return IoError("create a temporary file for", path);
  // mkstemp creates the file 0600; outputs are ordinary shareable files.
  // (Reading the umask would mean setting it, which is not thread-safe.)
  ::fchmod(fd, 0644);
  std::FILE* file = ::fdopen(fd, "wb");
  if (file == nullptr) {
    ::close(fd);
    ::unlink(name.data());
    return IoError("open", path);
  }
  return std::unique_ptr<AtomicFileWriter>(
      new AtomicFileWriter(std::string(path), std::string(name.data()), file));
}

absl::Status AtomicFileWriter::Append(std::string_view data) {
  if (file_ == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrFormat("%s: already committed", path_));
  }
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    return IoError("write", path_);
  }
  return absl::OkStatus();
}

absl::Status AtomicFileWriter::StartWriteback() {
  if (file_ == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrFormat("%s: already committed", path_));
  }
  if (std::fflush(file_) != 0) return IoError("write", path_);
#if defined(__linux__)
  // A hint: a failure to start the writeback shows again at Commit()'s fsync.
  ::sync_file_range(::fileno(file_), 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
  return absl::OkStatus();
}

absl::Status AtomicFileWriter::Commit() {
  if (file_ == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrFormat("%s: already committed", path_));
  }
  std::FILE* file = file_;
  file_ = nullptr;
  if (std::fflush(file) != 0 || ::fsync(::fileno(file)) != 0) {
    std::fclose(file);
    return IoError("write", path_);
  }
  if (std::fclose(file) != 0) return IoError("close", path_);
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    return IoError("rename a temporary file to", path_);
  }
  committed_ = true;
  return absl::OkStatus();
}

absl::Status WriteFileAtomically(std::string_view path,
                                 std::string_view contents) {
  LINKAGE_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> writer,
                           AtomicFileWriter::Create(path));
  LINKAGE_RETURN_IF_ERROR(writer->Append(contents));
  return writer->Commit();
}

}  // namespace linkage
