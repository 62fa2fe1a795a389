// Copyright 2026 The Linkage Authors.
#include "linkage/csv_reader.h"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "base/string_view.h"
#include "comparators/internal/utf8.h"

namespace linkage {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

absl::Status OpenError(std::string_view path, int error) {
  const std::string message = absl::StrFormat("cannot open %s: %s", path,
                                              std::strerror(error));
  if (error == ENOENT) return absl::NotFoundError(message);
  if (error == EACCES) return absl::PermissionDeniedError(message);
  return absl::FailedPreconditionError(message);
}

// The index of the first byte in [pos, end) of `data` equal to a, b or c,
// or end. Eight bytes at a time: in each word, (x - 0x01..) & ~x & 0x80..
// marks zero bytes of x = word ^ the byte repeated; the lowest mark is
// exact (only bytes above a zero byte can be marked falsely).
std::size_t FindAnyOf3(const char* data, std::size_t pos, std::size_t end, char a, char b,
                       char c) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  const std::uint64_t ra = kOnes * static_cast<unsigned char>(a);
  const std::uint64_t rb = kOnes * static_cast<unsigned char>(b);
  const std::uint64_t rc = kOnes * static_cast<unsigned char>(c);
  for (; pos + 8 <= end; pos += 8) {
    std::uint64_t word;
    std::memcpy(&word, data + pos, 8);
    const std::uint64_t xa = word ^ ra, xb = word ^ rb, xc = word ^ rc;
    const std::uint64_t marks =
        (((xa - kOnes) & ~xa) | ((xb - kOnes) & ~xb) | ((xc - kOnes) & ~xc)) & kHighs;
    if (marks != 0) return pos + static_cast<std::size_t>(std::countr_zero(marks) / 8);
  }
  while (pos < end && data[pos] != a && data[pos] != b && data[pos] != c) ++pos;
  return pos;
}

std::string Printable(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7F) return std::string(1, c);
  return absl::StrFormat("\\x%02X", byte);
}

}  // namespace

CsvReader::CsvReader(std::string name, std::FILE* file, std::string contents,
                     const InputOptions& options)
    : name_(std::move(name)),
      file_(file),
      options_(options),
      buffer_(std::move(contents)) {
  if (file_ == nullptr) {
    end_ = buffer_.size();
    at_eof_ = true;
  }
}

CsvReader::~CsvReader() {
  if (file_ != nullptr) std::fclose(file_);
}

absl::StatusOr<std::unique_ptr<CsvReader>> CsvReader::Open(
    std::string_view path, const InputOptions& options) {
  std::FILE* file = std::fopen(std::string(path).c_str(), "rb");
  if (file == nullptr) return OpenError(path, errno);
  std::unique_ptr<CsvReader> reader(
      new CsvReader(std::string(path), file, std::string(), options));
  LINKAGE_RETURN_IF_ERROR(reader->ReadHeader());
  return reader;
}

absl::StatusOr<std::unique_ptr<CsvReader>> CsvReader::FromString(
    std::string_view name, std::string contents, const InputOptions& options) {
  std::unique_ptr<CsvReader> reader(new CsvReader(
      std::string(name), nullptr, std::move(contents), options));
  LINKAGE_RETURN_IF_ERROR(reader->ReadHeader());
  return reader;
}

absl::Status CsvReader::ErrorAt(Position at, std::string_view what) const {
  return absl::InvalidArgumentError(
      absl::StrFormat("%s:%d:%d: %s", name_, at.line, at.column, what));
}

absl::StatusOr<bool> CsvReader::Refill() {
  if (pos_ == end_ && !at_eof_) {
    buffer_offset_ += end_;
    buffer_.resize(kChunkBytes);
    const std::size_t got = std::fread(buffer_.data(), 1, kChunkBytes, file_);
    if (got < kChunkBytes) {
      if (std::ferror(file_)) {
        return absl::DataLossError(absl::StrFormat("error reading %s: %s",
                                                   name_, std::strerror(errno)));
      }
      at_eof_ = true;
    }
    pos_ = 0;
    end_ = got;
  }
  if (first_chunk_) {
    first_chunk_ = false;
    if (end_ - pos_ >= 3 &&
        std::memcmp(buffer_.data() + pos_, "\xEF\xBB\xBF", 3) == 0) {
      pos_ += 3;
    }
  }
  return pos_ < end_;
}

void CsvReader::StartField(std::int64_t line, std::int64_t column) {
  record_fields_.push_back(Field{record_.size(), record_.size(), Position{line, column}, false});
}

void CsvReader::EndField() { record_fields_.back().end = record_.size(); }

absl::StatusOr<bool> CsvReader::ReadRecord() {
  const char delimiter = options_.delimiter;
  const char quote = '"';
  for (;;) {  // Repeats only to skip blank lines.
    record_.clear();
    record_fields_.clear();
    State state = State::kFieldStart;
    bool started = false;  // StartField called for the current field
    bool at_end_of_input = false;
    record_line_ = line_;
    for (;;) {
      if (pos_ == end_ || first_chunk_) {
        LINKAGE_ASSIGN_OR_RETURN(bool more, Refill());
        if (!more) {
          at_end_of_input = true;
          break;
        }
      }
      const char c = buffer_[pos_];
      if (pending_cr_) {
        pending_cr_ = false;
        if (c == '\n') {
          ++pos_;
          continue;
        }
      }
      if (state == State::kFieldStart) {
        if (!started) {
          if (record_fields_.empty()) record_line_ = line_;
          StartField(line_, column_);
          started = true;
        }
        if (c == ' ' && options_.skip_leading_spaces && delimiter != ' ') {
          ++pos_;
          ++column_;
          record_fields_.back().start = Position{line_, column_};
          continue;
        }
        if (c == quote) {
          record_fields_.back().quoted = true;
          state = State::kQuoted;
          ++pos_;
          ++column_;
          continue;
        }
        state = State::kUnquoted;
      }
      if (state == State::kUnquoted) {
        const std::size_t run = pos_;
        pos_ = FindAnyOf3(buffer_.data(), pos_, end_, delimiter, '\n', '\r');
        record_.append(buffer_, run, pos_ - run);
        column_ += static_cast<std::int64_t>(pos_ - run);
        if (record_.size() - record_fields_.back().begin > options_.max_field_bytes) {
          return ErrorAt(record_fields_.back().start,
                         absl::StrCat("field longer than ",
                                      options_.max_field_bytes, " bytes"));
        }
        if (pos_ == end_) continue;
      } else if (state == State::kQuoted) {
        const std::size_t run = pos_;
        pos_ = FindAnyOf3(buffer_.data(), pos_, end_, quote, '\n', '\n');
        record_.append(buffer_, run, pos_ - run);
        column_ += static_cast<std::int64_t>(pos_ - run);
        if (record_.size() - record_fields_.back().begin > options_.max_field_bytes) {
          return ErrorAt(record_fields_.back().start,
                         absl::StrCat("field longer than ",
                                      options_.max_field_bytes, " bytes"));
        }
        if (pos_ == end_) continue;
        if (buffer_[pos_] == '\n') {
          record_.push_back('\n');
          ++pos_;
          ++line_;
          column_ = 1;
          continue;
        }
        ++pos_;  // the quote: closing, or the first of a doubled pair
        ++column_;
        state = State::kQuoteInQuoted;
        continue;
      } else {  // kQuoteInQuoted
        if (c == quote) {
          record_.push_back(quote);
          ++pos_;
          ++column_;
          state = State::kQuoted;
          continue;
        }
        if (c != delimiter && c != '\n' && c != '\r') {
          return ErrorAt(Position{line_, column_},
                         absl::StrCat("unexpected character '", Printable(c),
                                      "' after closing quote"));
        }
      }
      // Here buffer_[pos_] is a delimiter or a line ending outside quotes.
      const char d = buffer_[pos_];
      EndField();
      started = false;
      if (d == delimiter) {
        ++pos_;
        ++column_;
        state = State::kFieldStart;
        continue;
      }
      record_end_ = Position{line_, column_};
      ++pos_;
      ++line_;
      column_ = 1;
      pending_cr_ = (d == '\r');
      break;
    }
    if (at_end_of_input) {
      if (state == State::kQuoted) {
        return ErrorAt(record_fields_.back().start,
                       absl::StrCat("unterminated quoted field starting at line ",
                                    record_fields_.back().start.line));
      }
      if (!started) {
        if (record_fields_.empty()) return false;
        StartField(line_, column_);  // the empty field after a last delimiter
      }
      EndField();
      record_end_ = Position{line_, column_};
    }
    const bool blank = record_fields_.size() == 1 && !record_fields_[0].quoted &&
                       record_fields_[0].end == record_fields_[0].begin;
    if (blank) {
      if (at_end_of_input) return false;
      continue;
    }
    return true;
  }
}

bool CsvReader::ReadSimpleRecord() noexcept {
  const std::size_t width = columns_.size();
  const char* const begin = buffer_.data() + pos_;
  const std::size_t available = end_ - pos_;
  // Bounds the line: no field can exceed max_field_bytes.
  const std::size_t limit = std::min(available, options_.max_field_bytes);
  const char delimiter = options_.delimiter;
  std::size_t count = 0;       // fields ended so far
  std::size_t field_begin = 0;
  fields_.resize(width);
  // Ends the field at `at`; false once there are more fields than columns.
  const auto end_field = [&](std::size_t at) noexcept {
    if (count == width) return false;
    fields_[count++] = std::string_view(begin + field_begin, at - field_begin);
    field_begin = at + 1;
    return true;
  };
  std::size_t offset = 0;
  bool found = false;  // begin[offset] is the record's line feed
#if defined(__SSE2__)
  // 16 bytes at a time: masks of the delimiters, the line feed, and the
  // bytes this path leaves to ReadCheckedRecord() (quotes, carriage
  // returns, non-ASCII bytes, which need validating).
  const __m128i delimiters = _mm_set1_epi8(delimiter);
  const __m128i line_feeds = _mm_set1_epi8('\n');
  const __m128i quotes = _mm_set1_epi8('"');
  const __m128i returns = _mm_set1_epi8('\r');
  for (; offset + 16 <= limit; offset += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(begin + offset));
    const auto special = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quotes), _mm_cmpeq_epi8(v, returns))) |
        _mm_movemask_epi8(v));
    auto delimiter_bits = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, delimiters)));
    const auto line_feed = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, line_feeds)));
    unsigned below = 0xFFFF;  // the bytes of this record
    if (line_feed != 0) below = (1u << std::countr_zero(line_feed)) - 1;
    if ((special & below) != 0) return false;
    for (delimiter_bits &= below; delimiter_bits != 0; delimiter_bits &= delimiter_bits - 1) {
      if (!end_field(offset + static_cast<std::size_t>(std::countr_zero(delimiter_bits)))) {
        return false;
      }
    }
    if (line_feed != 0) {
      offset += static_cast<std::size_t>(std::countr_zero(line_feed));
      found = true;
      break;
    }
  }
#endif
  for (; !found; ++offset) {  // the rest, a byte at a time
    if (offset == limit) return false;  // no line feed within reach
    const char c = begin[offset];
    if (c == '\n') break;
    if (c == '"' || c == '\r' || (static_cast<unsigned char>(c) & 0x80) != 0) return false;
    if (c == delimiter && !end_field(offset)) return false;
  }
  // begin[offset] is the line feed: the last field ends there.
  if (!end_field(offset) || count != width) return false;
  record_line_ = line_;
  ++line_;
  column_ = 1;
  pos_ += offset + 1;
  return true;
}

absl::StatusOr<bool> CsvReader::ReadCheckedRecord() {
  LINKAGE_ASSIGN_OR_RETURN(bool more, ReadRecord());
  if (!more) return false;
  const std::size_t expected = columns_.size();
  const std::size_t found = record_fields_.size();
  if (found != expected) {
    const Position at = found > expected ? record_fields_[expected].start : record_end_;
    return ErrorAt(at, absl::StrCat("ragged row: expected ", expected,
                                    " fields, found ", found));
  }
  fields_.resize(found);
  for (std::size_t i = 0; i < found; ++i) {
    fields_[i] = FieldText(i);
  }
  // An ASCII record is valid UTF-8: one pass over it, not one per field.
  if (internal::IsAscii(record_)) return true;
  for (std::size_t i = 0; i < found; ++i) {
    const std::size_t bad = internal::FirstInvalidUtf8(fields_[i]);
    if (bad != std::string_view::npos) {
      Position at = record_fields_[i].start;
      // Exact column when the field has no escapes or line breaks before it.
      const std::string_view before = fields_[i].substr(0, bad);
      if (before.find('\n') == std::string_view::npos &&
          before.find('"') == std::string_view::npos) {
        at.column += static_cast<std::int64_t>(bad) + (record_fields_[i].quoted ? 1 : 0);
      }
      return ErrorAt(at, absl::StrFormat("invalid UTF-8 in field \"%s\"",
                                         columns_[i]));
    }
  }
  return true;
}

absl::Status CsvReader::ReadHeader() {
  absl::StatusOr<bool> more = ReadRecord();
  if (!more.ok()) return status_ = more.status();
  if (!*more) {
    return status_ = ErrorAt(Position{1, 1}, options_.has_header
                                                 ? "empty file: no header row"
                                                 : "empty file: no records");
  }
  const std::size_t width = record_fields_.size();
  if (!options_.has_header) {
    for (std::size_t i = 0; i < width; ++i) {
      columns_.push_back(absl::StrCat("field_", i + 1));
    }
    fields_.resize(width);
    for (std::size_t i = 0; i < width; ++i) {
      fields_[i] = FieldText(i);
      const std::size_t bad = internal::FirstInvalidUtf8(fields_[i]);
      if (bad != std::string_view::npos) {
        return status_ = ErrorAt(record_fields_[i].start,
                                 absl::StrFormat("invalid UTF-8 in field \"%s\"",
                                                 columns_[i]));
      }
    }
    peeked_ = true;
    EnableSimpleRecords();
    return absl::OkStatus();
  }
  for (std::size_t i = 0; i < width; ++i) {
    std::string name(FieldText(i));
    if (internal::FirstInvalidUtf8(name) != std::string::npos) {
      return status_ = ErrorAt(record_fields_[i].start, "invalid UTF-8 in header");
    }
    if (name.empty()) {
      return status_ = ErrorAt(record_fields_[i].start,
                               absl::StrCat("empty column name in header (column ",
                                            i + 1, ")"));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (columns_[j] == name) {
        return status_ = ErrorAt(
                   record_fields_[i].start,
                   absl::StrCat("duplicate column name \"", name,
                                "\" in header (columns ", j + 1, " and ", i + 1,
                                ")"));
      }
    }
    columns_.push_back(std::move(name));
  }
  EnableSimpleRecords();
  return absl::OkStatus();
}

void CsvReader::EnableSimpleRecords() noexcept {
  const char d = options_.delimiter;
  simple_records_ = columns_.size() >= 2 && !options_.skip_leading_spaces && d != '"' &&
                    d != '\n' && d != '\r';
}

absl::StatusOr<bool> CsvReader::Next() {
  if (!status_.ok()) return status_;
  if (peeked_) {
    peeked_ = false;
    return true;
  }
  if (simple_records_ && !first_chunk_ && !pending_cr_ && pos_ < end_) {
    if (simple_pause_ > 0) {
      --simple_pause_;
    } else {
      const bool simple = ReadSimpleRecord();
      simple_misses_ += !simple;
      // A file whose records are mostly not plain (every address quoted,
      // say) pays for the fast path's scan and gains nothing: after a
      // window of mostly misses, the next kSimplePause records skip it.
      if (++simple_tries_ == kSimpleWindow) {
        if (simple_misses_ > kSimpleWindow / 2) simple_pause_ = kSimplePause;
        simple_tries_ = simple_misses_ = 0;
      }
      if (simple) return true;
    }
  }
  absl::StatusOr<bool> more = ReadCheckedRecord();
  if (!more.ok()) {
    status_ = more.status();
    return status_;
  }
  return *more;
}

}  // namespace linkage
