// Copyright 2026 The Linkage Authors.
#include "linkage/memory_store.h"

#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "base/string_view.h"

namespace linkage {

struct MemoryStore::Contents {
  std::mutex mu;
  // Records in order of first write; a removed record leaves a hole
  // (std::nullopt), so positions are stable.
  std::vector<std::optional<StoredRecord>> records;
  absl::flat_hash_map<std::string, std::size_t> position;  // id -> records[]
  std::uint64_t live = 0;
  std::map<std::string, std::string, std::less<>> meta;
  std::vector<ClusterEvent> events;
  absl::Status fail_next;
};

std::unique_ptr<MemoryStore> MemoryStore::Create() {
  return std::unique_ptr<MemoryStore>(new MemoryStore(std::make_shared<Contents>()));
}

std::unique_ptr<MemoryStore> MemoryStore::NewHandle() const {
  return std::unique_ptr<MemoryStore>(new MemoryStore(contents_));
}

void MemoryStore::FailNextApply(absl::Status status) {
  std::lock_guard<std::mutex> lock(contents_->mu);
  contents_->fail_next = std::move(status);
}

absl::Status MemoryStore::Load(
    const std::function<absl::Status(const StoredRecord&)>& visit) {
  // Copy under the lock so that `visit` may call back into the store.
  std::vector<StoredRecord> records;
  {
    std::lock_guard<std::mutex> lock(contents_->mu);
    records.reserve(contents_->live);
    for (const std::optional<StoredRecord>& r : contents_->records) {
      if (r) records.push_back(*r);
    }
  }
  for (const StoredRecord& r : records) {
    if (absl::Status s = visit(r); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status MemoryStore::ApplyBatch(std::span<const RegisterWrite> writes) {
  std::lock_guard<std::mutex> lock(contents_->mu);
  Contents& c = *contents_;
  if (!c.fail_next.ok()) {
    absl::Status s = std::move(c.fail_next);
    c.fail_next = absl::OkStatus();
    return s;
  }
  // Validate first: a failed batch changes nothing.
  {
    absl::flat_hash_map<std::string, bool> present;  // ids touched so far
    auto exists = [&](const std::string& id) {
      auto it = present.find(id);
      if (it != present.end()) return it->second;
      return c.position.contains(id);
    };
    for (const RegisterWrite& w : writes) {
      if (w.record.id.empty()) return absl::InvalidArgumentError("empty record id");
      if (w.kind == RegisterWrite::Kind::kRemove) {
        if (!exists(w.record.id)) {
          return absl::NotFoundError(
              absl::StrCat("remove: no record \"", w.record.id, "\""));
        }
        present[w.record.id] = false;
      } else {
        present[w.record.id] = true;
      }
      for (const auto& [id, cluster] : w.cluster_changes) {
        if (!exists(id)) {
          return absl::NotFoundError(
              absl::StrCat("cluster change: no record \"", id, "\""));
        }
      }
    }
  }
  for (const RegisterWrite& w : writes) {
    if (w.kind == RegisterWrite::Kind::kRemove) {
      auto it = c.position.find(w.record.id);
      c.records[it->second].reset();
      c.position.erase(it);
      --c.live;
    } else {
      auto [it, added] = c.position.try_emplace(w.record.id, c.records.size());
      if (added) {
        c.records.emplace_back(w.record);
        ++c.live;
      } else {
        c.records[it->second] = w.record;
      }
    }
    for (const auto& [id, cluster] : w.cluster_changes) {
      c.records[c.position.at(id)]->cluster_id = cluster;
    }
    for (const ClusterEvent& e : w.events) {
      ClusterEvent stored = e;
      stored.sequence = c.events.size() + 1;
      c.events.push_back(std::move(stored));
    }
    for (const auto& [key, value] : w.meta) c.meta[key] = value;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> MemoryStore::GetMeta(
    std::string_view key) {
  std::lock_guard<std::mutex> lock(contents_->mu);
  auto it = contents_->meta.find(key);
  if (it == contents_->meta.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

absl::Status MemoryStore::PutMeta(std::string_view key, std::string_view value) {
  std::lock_guard<std::mutex> lock(contents_->mu);
  contents_->meta[std::string(key)] = std::string(value);
  return absl::OkStatus();
}

absl::Status MemoryStore::ReadEvents(
    std::uint64_t after,
    const std::function<absl::Status(const ClusterEvent&)>& visit) {
  std::vector<ClusterEvent> events;
  {
    std::lock_guard<std::mutex> lock(contents_->mu);
    if (after < contents_->events.size()) {
      events.assign(contents_->events.begin() + static_cast<std::ptrdiff_t>(after),
                    contents_->events.end());
    }
  }
  for (const ClusterEvent& e : events) {
    if (absl::Status s = visit(e); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::uint64_t> MemoryStore::CountRecords() {
  std::lock_guard<std::mutex> lock(contents_->mu);
  return contents_->live;
}

}  // namespace linkage
