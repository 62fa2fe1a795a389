// Copyright 2026 The Linkage Authors.
//
// Reader throughput: CSV and JSONL records per second and MB/s on a large
// generated person file (~200,000 rows, ~24 MB of CSV; one quoted field with
// an embedded comma per row, one with a doubled quote every 16 rows). The
// file is written once to the temporary directory and read from the page
// cache, so the figures measure parsing, not the disk.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <string>

#include "benchmark/benchmark.h"
#include "linkage/csv_reader.h"
#include "linkage/jsonl_reader.h"

namespace linkage {
namespace {

constexpr int kRows = 200000;

const char* const kGiven[] = {"Oliver", "Amelia", "Siobhán", "Jack", "Chloé",
                              "Mohammed", "Isla", "Noah", "Zoë", "Harry"};
const char* const kFamily[] = {"Smith", "O'Brien", "Jones", "Smith-Jones",
                               "Patel", "Nguyen", "Müller", "Williams"};

std::string TempPath(const char* name) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/linkage_reader_bench_" +
         std::to_string(::getpid()) + "_" + name;
}

struct Files {
  std::string csv;
  std::string jsonl;
  std::size_t csv_bytes = 0;
  std::size_t jsonl_bytes = 0;
  Files() : csv(TempPath("people.csv")), jsonl(TempPath("people.jsonl")) {
    std::mt19937 random(42);
    std::ofstream out_csv(csv, std::ios::binary);
    std::ofstream out_jsonl(jsonl, std::ios::binary);
    out_csv << "record_id,nhs_number,given_name,family_name,date_of_birth,sex,"
               "postcode,address_line,email\n";
    for (int row = 0; row < kRows; ++row) {
      const std::string id = std::to_string(row);
      const std::string nhs = std::to_string(4000000000ULL + random() % 999999999);
      const char* given = kGiven[random() % 10];
      const char* family = kFamily[random() % 8];
      char dob[16];
      std::snprintf(dob, sizeof dob, "%02u/%02u/%04u", static_cast<unsigned>(1 + random() % 28),
                    static_cast<unsigned>(1 + random() % 12),
                    static_cast<unsigned>(1930 + random() % 90));
      const char* sex = random() % 2 ? "F" : "M";
      const std::string postcode = "SW1A " + std::to_string(random() % 10) + "AA";
      std::string address = "Flat " + std::to_string(random() % 90) + ", " +
                            std::to_string(random() % 300) + " High Street";
      if (row % 16 == 0) address += " \"The Old Mill\"";
      const std::string email = "person" + id + "@example.com";
      std::string quoted = "\"";
      for (const char c : address) {
        if (c == '"') quoted += '"';
        quoted += c;
      }
      quoted += '"';
      out_csv << id << ',' << nhs << ',' << given << ',' << family << ',' << dob
              << ',' << sex << ',' << postcode << ',' << quoted << ',' << email
              << '\n';
      std::string json_address;
      for (const char c : address) {
        if (c == '"') json_address += '\\';
        json_address += c;
      }
      out_jsonl << "{\"record_id\":" << id << ",\"nhs_number\":\"" << nhs
                << "\",\"given_name\":\"" << given << "\",\"family_name\":\""
                << family << "\",\"date_of_birth\":\"" << dob
                << "\",\"sex\":\"" << sex << "\",\"postcode\":\"" << postcode
                << "\",\"address_line\":\"" << json_address
                << "\",\"email\":\"" << email << "\"}\n";
    }
    csv_bytes = static_cast<std::size_t>(out_csv.tellp());
    jsonl_bytes = static_cast<std::size_t>(out_jsonl.tellp());
  }
  ~Files() {
    std::remove(csv.c_str());
    std::remove(jsonl.c_str());
  }
};

const Files& GetFiles() {
  static const Files* files = new Files();
  return *files;
}

void BM_CsvRead(benchmark::State& state) {
  const Files& files = GetFiles();
  std::size_t checksum = 0;
  for (auto _ : state) {
    auto reader = CsvReader::Open(files.csv, InputOptions{});
    if (!reader.ok()) {
      state.SkipWithError(std::string(reader.status().message()).c_str());
      return;
    }
    int rows = 0;
    while (true) {
      absl::StatusOr<bool> more = (*reader)->Next();
      if (!more.ok() || !*more) break;
      checksum += (*reader)->fields()[7].size();
      ++rows;
    }
    if (rows != kRows) state.SkipWithError("wrong row count");
  }
  benchmark::DoNotOptimize(checksum);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(files.csv_bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * kRows);
}
BENCHMARK(BM_CsvRead)->Unit(benchmark::kMillisecond);

void BM_JsonlRead(benchmark::State& state) {
  const Files& files = GetFiles();
  std::size_t checksum = 0;
  for (auto _ : state) {
    auto reader = JsonlReader::Open(files.jsonl);
    if (!reader.ok()) {
      state.SkipWithError(std::string(reader.status().message()).c_str());
      return;
    }
    while (true) {
      absl::StatusOr<bool> more = (*reader)->Next();
      if (!more.ok() || !*more) break;
      checksum += (*reader)->fields()[7].size();
    }
  }
  benchmark::DoNotOptimize(checksum);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(files.jsonl_bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * kRows);
}
BENCHMARK(BM_JsonlRead)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace linkage
