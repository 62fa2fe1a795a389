// Copyright 2026 The Linkage Authors.
//
// linkage-serve-loadgen: a paced (open-loop) HTTP load generator for the
// exchange service's benchmark (bench/exchange/run.sh). wrk measures the
// saturated throughput; this measures latency at a fixed request rate, which
// is what "p99 <= 5 ms at 500 requests/s" asks. Each request has a scheduled
// send time (start + i / rate); latency is measured from that time, so a
// stalled server is charged for the requests queued behind it (no
// coordinated omission).
//
//   linkage-serve-loadgen --port P --rate 500 --seconds 20 --token T
//       --path '/Patient/$match' --bodies bodies.jsonl [--connections 8]
//
// Prints one line of figures; exits 1 if any request failed.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double Percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const std::size_t index = std::min(
      sorted.size() - 1,
      static_cast<std::size_t>(p * static_cast<double>(sorted.size())));
  return sorted[index];
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> flags = {
      {"rate", "500"},       {"seconds", "20"},
      {"connections", "8"},  {"path", "/Patient/$match"},
      {"host", "127.0.0.1"}, {"token", ""}};
  for (int i = 1; i + 1 < argc; i += 2)
    flags[std::string(argv[i]).substr(2)] = argv[i + 1];
  if (!flags.count("port") || !flags.count("bodies")) {
    std::fprintf(
        stderr,
        "usage: linkage-serve-loadgen --port P --bodies FILE [--rate R] "
        "[--seconds S] [--connections C] [--token T] [--path P]\n");
    return 2;
  }
  std::vector<std::string> bodies;
  std::ifstream in(flags["bodies"]);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) bodies.push_back(line);
  }
  if (bodies.empty()) {
    std::fprintf(stderr, "no request bodies in %s\n", flags["bodies"].c_str());
    return 2;
  }
  const double rate = std::stod(flags["rate"]);
  const double seconds = std::stod(flags["seconds"]);
  const int connections = std::stoi(flags["connections"]);
  const int port = std::stoi(flags["port"]);
  const std::size_t total = static_cast<std::size_t>(rate * seconds);
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> failures{0};
  std::mutex mutex;
  std::vector<double> latencies_ms;
  std::map<int, std::size_t> statuses;
  const Clock::time_point start = Clock::now() + std::chrono::milliseconds(200);
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&] {
      httplib::Client client(flags["host"], port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);  // else Nagle + delayed ACK add ~40 ms
      client.set_read_timeout(10);
      httplib::Headers headers;
      if (!flags["token"].empty())
        headers.emplace("Authorization", "Bearer " + flags["token"]);
      std::vector<double> local;
      std::map<int, std::size_t> local_statuses;
      while (true) {
        const std::size_t i = next.fetch_add(1);
        if (i >= total) break;
        const Clock::time_point due =
            start + std::chrono::nanoseconds(static_cast<long long>(
                        1e9 * static_cast<double>(i) / rate));
        std::this_thread::sleep_until(due);
        auto result =
            client.Post(flags["path"].c_str(), headers,
                        bodies[i % bodies.size()], "application/fhir+json");
        const double ms =
            std::chrono::duration<double, std::milli>(Clock::now() - due)
                .count();
        if (!result) {
          failures.fetch_add(1);
          continue;
        }
        ++local_statuses[result->status];
        local.push_back(ms);
      }
      std::lock_guard<std::mutex> lock(mutex);
      latencies_ms.insert(latencies_ms.end(), local.begin(), local.end());
      for (auto [status, count] : local_statuses) statuses[status] += count;
    });
  }
  for (auto& thread : threads) thread.join();
  const double elapsed =
      std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(latencies_ms.begin(), latencies_ms.end());
  std::string status_text;
  for (auto [status, count] : statuses) {
    status_text += std::to_string(status) + ":" + std::to_string(count) + " ";
  }
  std::printf(
      "requests %zu in %.1f s (%.1f req/s, target %.0f) | latency ms p50 %.2f "
      "p90 %.2f "
      "p99 %.2f p99.9 %.2f max %.2f | statuses %s| transport failures %zu\n",
      latencies_ms.size(), elapsed,
      static_cast<double>(latencies_ms.size()) / elapsed, rate,
      Percentile(latencies_ms, 0.5), Percentile(latencies_ms, 0.9),
      Percentile(latencies_ms, 0.99), Percentile(latencies_ms, 0.999),
      latencies_ms.empty() ? 0 : latencies_ms.back(), status_text.c_str(),
      failures.load());
  return failures.load() == 0 ? 0 : 1;
}
