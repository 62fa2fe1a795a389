// Copyright 2026 The Linkage Authors.
//
// matcher_example MODEL.json: an in-memory Matcher from the installed C++
// library. Adds two spellings of one person and a stranger, then looks the
// person up and prints the candidates. Exit 0 if the two spellings share a
// cluster and the stranger does not.
#include <cstdio>
#include <memory>
#include <string>
#include <utility>

#include "linkage/config.h"
#include "linkage/matcher.h"
#include "linkage/model.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s MODEL.json\n", argv[0]);
    return 2;
  }
  absl::StatusOr<linkage::Config> config = linkage::LoadConfig(argv[1]);
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n", std::string(config.status().message()).c_str());
    return 1;
  }
  absl::StatusOr<linkage::Model> model = linkage::Model::FromConfig(*config);
  if (!model.ok()) return 1;
  absl::StatusOr<std::unique_ptr<linkage::Matcher>> matcher =
      linkage::Matcher::Open(*std::move(model), nullptr);
  if (!matcher.ok()) {
    std::fprintf(stderr, "%s\n", std::string(matcher.status().message()).c_str());
    return 1;
  }
  const linkage::RecordFields ann = {
      {"first_name", "Robert"}, {"surname", "Allen"}, {"dob", "1971-05-24"}};
  const linkage::RecordFields ann2 = {
      {"first_name", "Robert"}, {"surname", "Alen"}, {"dob", "1971-05-24"}};
  const linkage::RecordFields other = {
      {"first_name", "Zoe"}, {"surname", "Kowalski"}, {"dob", "1990-12-01"}};
  auto a = (*matcher)->Add({"a", ann, ""});
  auto b = (*matcher)->Add({"b", ann2, ""});
  auto c = (*matcher)->Add({"c", other, ""});
  if (!a.ok() || !b.ok() || !c.ok()) return 1;
  absl::StatusOr<linkage::MatchResult> result = (*matcher)->Match(ann);
  if (!result.ok()) return 1;
  for (const linkage::MatchCandidate& candidate : result->candidates) {
    std::printf("%s cluster %s weight %.3f\n", candidate.record_id.c_str(),
                candidate.cluster_id.c_str(), candidate.weight);
  }
  const bool ok = a->cluster_id == b->cluster_id && a->cluster_id != c->cluster_id;
  std::printf("clusters: a=%s b=%s c=%s %s\n", a->cluster_id.c_str(),
              b->cluster_id.c_str(), c->cluster_id.c_str(), ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
