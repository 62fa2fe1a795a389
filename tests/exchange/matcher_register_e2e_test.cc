// Copyright 2026 The Linkage Authors.
//
// linkage-serve on the real Matcher: a generated register (uk_person model
// trained on it), loaded through MakeMatcherRegister, served on a loopback
// port and queried over HTTP with Patients built from register records and
// with a person who is not in it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "exchange/fhir_patient.h"
#include "exchange/hashing.h"
#include "exchange/person_register.h"
#include "exchange/server.h"
#include "exchange/service.h"
#include "linkage/config.h"
#include "linkage/generator.h"
#include "linkage/matcher.h"
#include "linkage/memory_store.h"
#include "linkage/row_source.h"
#include "linkage/table_reader.h"
#include "linkage/training.h"

namespace linkage::exchange {
namespace {

using ::nlohmann::json;

constexpr char kS47[] =
    "https://www.legislation.gov.uk/ukpga/1989/41/section/47";

struct World {
  std::vector<StoredRecord> records;
  std::unique_ptr<PersonRegister> reg;
};

World& SharedWorld() {
  static World* world = [] {
    auto* w = new World;
    GeneratorOptions options;
    options.records = 800;
    options.seed = 5;
    options.duplicate_rate = 0.3;
    options.reference_dir = std::string(LINKAGE_DATA_DIR) + "/reference";
    auto generator = RegisterGenerator::Create(options);
    EXPECT_TRUE(generator.ok()) << generator.status();
    const std::string path =
        (std::filesystem::temp_directory_path() /
         absl::StrCat("serve_register_", ::getpid(), ".csv"))
            .string();
    EXPECT_TRUE(generator->WriteFile(path).ok());
    auto config =
        LoadConfig(std::string(LINKAGE_CONFIGS_DIR) + "/uk_person.json");
    EXPECT_TRUE(config.ok()) << config.status();
    auto model = Model::FromConfig(*config);
    EXPECT_TRUE(model.ok()) << model.status();
    auto loaded = ReadRecordTable(*model, {path}, {});
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    EXPECT_TRUE(Train(loaded->table, &*model, {}).ok());
    auto source = OpenRowSource(path, InputOptions{});
    EXPECT_TRUE(source.ok());
    std::vector<std::size_t> columns;
    std::vector<std::string> names;
    for (const ColumnConfig& c : model->config().columns) {
      columns.push_back(*FindColumn(**source, c.name));
      names.push_back(c.name);
    }
    const std::size_t id_column = *FindColumn(**source, "record_id");
    while (*(*source)->Next()) {
      StoredRecord r;
      r.id = std::string((*source)->fields()[id_column]);
      for (std::size_t c = 0; c < columns.size(); ++c) {
        const std::string_view v = (*source)->fields()[columns[c]];
        if (!v.empty()) r.fields.emplace_back(names[c], std::string(v));
      }
      w->records.push_back(std::move(r));
    }
    std::filesystem::remove(path);
    auto matcher = Matcher::Open(*std::move(model), MemoryStore::Create());
    EXPECT_TRUE(matcher.ok()) << matcher.status();
    EXPECT_TRUE((*matcher)->AddBatch(w->records).ok());
    w->reg = MakeMatcherRegister(*std::move(matcher));
    return w;
  }();
  return *world;
}

class MatcherServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    World& world = SharedWorld();
    const std::string db =
        (std::filesystem::temp_directory_path() /
         absl::StrCat(
             "serve_matcher_audit_", ::getpid(), "_",
             ::testing::UnitTest::GetInstance()->current_test_info()->name(),
             ".db"))
            .string();
    std::filesystem::remove(db);
    std::filesystem::remove(db + "-wal");
    std::filesystem::remove(db + "-shm");  // a stale one from a reused pid
    audit_ = *AuditLog::Open(db);
    auto auth = Authenticator::Parse({{"tokens",
                                       {{{"sha256", Sha256Hex("t")},
                                         {"organisation", "org:council"},
                                         {"scopes", {"query", "admin"}}}}}},
                                     "test");
    auto policy = AccessPolicy::Parse(
        json::parse(
            R"({"reasons": ["https://www.legislation.gov.uk/ukpga/1989/41/section/47"],
          "services": {"s": {"name": "Safeguarding"}},
          "rules": [{"id": "all", "outcome": "PERMIT"}]})"),
        "test");
    ServiceOptions options;
    options.audit_salt = "salt-salt-salt-salt";
    options.accept_invalid_nhs_numbers = true;
    service_ = std::make_unique<ExchangeService>(options, *auth, *policy,
                                                 audit_.get(), world.reg.get());
    server_ = *HttpServer::Create(service_.get(), ServerOptions::Plain(0, 2));
    server_->Start();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  void TearDown() override { server_->Stop(); }

  json Post(const std::string& path, const json& body, int* status) {
    auto r = client_->Post(path.c_str(), {{"Authorization", "Bearer t"}},
                           body.dump(), "application/fhir+json");
    EXPECT_TRUE(r);
    *status = r->status;
    return json::parse(r->body);
  }

  static json Query(const json& patient, bool with_reason) {
    json request = {
        {"resourceType", "Parameters"},
        {"parameter", {{{"name", "resource"}, {"resource", patient}}}}};
    if (with_reason)
      request["parameter"].push_back({{"name", "reason"}, {"valueUri", kS47}});
    return request;
  }

  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<ExchangeService> service_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(MatcherServeTest, RegisterRecordIsFoundAndStrangerIsNot) {
  World& world = SharedWorld();
  // The first complete record, asked about exactly as stored.
  const StoredRecord* record = nullptr;
  for (const StoredRecord& r : world.records) {
    json p = RecordToPatient(r);
    if (p.contains("identifier") && p.contains("birthDate") &&
        p.contains("name")) {
      record = &r;
      break;
    }
  }
  ASSERT_NE(record, nullptr);
  json patient = RecordToPatient(*record);
  patient.erase("id");
  int status = 0;
  json bundle = Post("/Patient/$match", Query(patient, false), &status);
  ASSERT_EQ(status, 200) << bundle.dump();
  ASSERT_GE(bundle["total"].get<int>(), 1);
  // The top entry is the record itself or a duplicate of it (same cluster).
  const std::string top = bundle["entry"][0]["resource"]["id"];
  EXPECT_EQ(world.reg->Get(top)->cluster_id,
            world.reg->Get(record->id)->cluster_id);
  const std::string grade =
      bundle["entry"][0]["search"]["extension"][0]["valueCode"];
  EXPECT_TRUE(grade == "certain" || grade == "probable") << grade;
  double previous = 1.0;
  for (const json& entry : bundle["entry"]) {
    const double score = entry["search"]["score"];
    EXPECT_LE(score, previous);
    EXPECT_GE(score, 0.0);
    previous = score;
  }
  json answer =
      Post("/Patient/$person-info-query", Query(patient, true), &status);
  ASSERT_EQ(status, 200) << answer.dump();
  EXPECT_EQ(answer["parameter"][0]["valueBoolean"], true);
  EXPECT_EQ(answer["parameter"][1]["resource"]["name"], "Safeguarding");

  json stranger = json::parse(R"({"resourceType": "Patient",
    "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "4010232137"}],
    "name": [{"family": "Quuxworthy", "given": ["Zebedee"]}], "birthDate": "1901-01-01",
    "address": [{"postalCode": "ZE3 9XX"}]})");
  json empty = Post("/Patient/$match", Query(stranger, false), &status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(empty["total"], 0);
  json no = Post("/Patient/$person-info-query", Query(stranger, true), &status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(no["parameter"].size(), 1u);
  EXPECT_EQ(no["parameter"][0]["valueBoolean"], false);

  // The audit rows carry the Matcher's model fingerprint.
  auto rows = audit_->List({});
  ASSERT_EQ(rows->size(), 4u);
  for (const AuditEntry& row : *rows)
    EXPECT_EQ(row.model_version, world.reg->ModelVersion());
  EXPECT_FALSE(world.reg->ModelVersion().empty());
}

TEST_F(MatcherServeTest, AdminUpsertMakesAPersonFindable) {
  json patient = json::parse(R"({"resourceType": "Patient",
    "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765919"}],
    "name": [{"family": "Featherstonehaugh", "given": ["Ottoline"]}], "birthDate": "2014-02-03",
    "gender": "female", "address": [{"postalCode": "LS1 4AB", "line": ["1 Park Row"]}]})");
  int status = 0;
  json before =
      Post("/Patient/$person-info-query", Query(patient, true), &status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(before["parameter"][0]["valueBoolean"], false);
  auto put =
      client_->Put("/admin/Patient/NEW-1", {{"Authorization", "Bearer t"}},
                   patient.dump(), "application/fhir+json");
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 200) << put->body;
  json after =
      Post("/Patient/$person-info-query", Query(patient, true), &status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(after["parameter"][0]["valueBoolean"], true);
  auto del =
      client_->Delete("/admin/Patient/NEW-1", {{"Authorization", "Bearer t"}});
  EXPECT_EQ(del->status, 200);
  json gone =
      Post("/Patient/$person-info-query", Query(patient, true), &status);
  EXPECT_EQ(gone["parameter"][0]["valueBoolean"], false);
}

}  // namespace
}  // namespace linkage::exchange
