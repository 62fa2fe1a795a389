// Copyright 2026 The Linkage Authors.
//
// End-to-end tests of linkage-serve's HTTP(S) layer: a server on a loopback
// port (plain HTTP and HTTPS with client certificates made by the openssl
// CLI at test time) in front of a scripted register, called over the
// network with the Data Exchange Standard's example payloads. Every request
// must leave exactly one audit row, found by its X-Request-Id.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>

#include "exchange/audit_log.h"
#include "exchange/fhir_operations.h"
#include "exchange/hashing.h"
#include "exchange/server.h"
#include "exchange/service.h"

namespace linkage::exchange {
namespace {

using ::nlohmann::json;
using ::testing::HasSubstr;

constexpr char kS47[] =
    "https://www.legislation.gov.uk/ukpga/1989/41/section/47";
constexpr char kS17[] =
    "https://www.legislation.gov.uk/ukpga/1989/41/section/17";
constexpr char kSalt[] = "test-salt-0123456789";

// A register whose answers are scripted by the query's family name:
// Certain/Probable/Possible -> one candidate of that grade (record R1);
// Ambiguous -> two close candidates flagged kAmbiguous; anything else -> none.
class ScriptedRegister final : public PersonRegister {
 public:
  ScriptedRegister() {
    records_["R1"] = {"R1",
                      {{"nhs_number", "9434765919"},
                       {"given_name", "Jane"},
                       {"family_name", "Smith"},
                       {"date_of_birth", "2015-05-01"}},
                      "c1"};
    records_["R2"] = {
        "R2", {{"given_name", "Jayne"}, {"family_name", "Smith"}}, "c2"};
    records_["R3"] = {
        "R3", {{"given_name", "Jane"}, {"family_name", "Smith"}}, "c1"};
  }
  absl::StatusOr<MatchResult> Match(
      const RecordFields& query, const MatchOptions& options) const override {
    std::string family;
    for (const auto& [column, value] : query) {
      if (column == "family_name") family = value;
    }
    MatchResult result;
    auto add = [&](std::string id, double p, MatchGrade grade,
                   DecisionReason reason) {
      MatchCandidate c;
      c.record_id = std::move(id);
      c.probability = p;
      c.weight = std::log2(p / (1 - p));
      c.cluster_id = records_.at(c.record_id).cluster_id;
      c.grade = grade;
      c.reason = reason;
      if (options.only_certain && grade != MatchGrade::kCertain) return;
      result.candidates.push_back(c);
    };
    if (family == "Smith" || family == "Certain") {
      add("R1", 0.999, MatchGrade::kCertain, DecisionReason::kThreshold);
      if (options.policy == MatchPolicy::kAll) {
        add("R2", 0.6, MatchGrade::kPossible, DecisionReason::kThreshold);
      }
    } else if (family == "Probable") {
      add("R1", 0.97, MatchGrade::kProbable, DecisionReason::kThreshold);
    } else if (family == "Possible") {
      add("R1", 0.7, MatchGrade::kPossible, DecisionReason::kThreshold);
    } else if (family == "Twice") {  // one person recorded twice
      add("R1", 0.99, MatchGrade::kCertain, DecisionReason::kThreshold);
      add("R3", 0.989, MatchGrade::kProbable, DecisionReason::kThreshold);
    } else if (family == "Ambiguous") {
      add("R1", 0.98, MatchGrade::kProbable, DecisionReason::kThreshold);
      add("R2", 0.975, MatchGrade::kProbable, DecisionReason::kThreshold);
    }
    if (options.count > 0 && result.candidates.size() > options.count) {
      result.candidates.resize(options.count);
    }
    return result;
  }
  std::optional<StoredRecord> Get(std::string_view id) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = records_.find(std::string(id));
    if (it == records_.end()) return std::nullopt;
    return it->second;
  }
  absl::Status Upsert(const StoredRecord& record) override {
    std::lock_guard<std::mutex> lock(mutex_);
    records_[record.id] = record;
    return absl::OkStatus();
  }
  absl::Status Remove(std::string_view id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (records_.erase(std::string(id)) == 0)
      return absl::NotFoundError("no record");
    return absl::OkStatus();
  }
  std::vector<std::string> Columns() const override {
    return {"nhs_number",    "given_name", "family_name",
            "date_of_birth", "sex",        "postcode"};
  }
  std::string ModelVersion() const override { return "model-v1"; }
  std::uint64_t Size() const override { return records_.size(); }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, StoredRecord> records_;
};

json Rules() {
  return json::parse(R"({
    "version": "test-1",
    "reasons": ["https://www.legislation.gov.uk/ukpga/1989/41/section/47",
                "https://www.legislation.gov.uk/ukpga/1989/41/section/17"],
    "services": {"safeguarding": {"name": "Southshire Council Safeguarding",
       "telecom": [{"system": "phone", "value": "01234 567890", "use": "work"}],
       "address": [{"line": ["123 Civic Centre"], "city": "Southshire",
                    "postalCode": "AB12 3CD", "country": "UK"}]}},
    "rules": [
      {"id": "police-deny", "version": 1, "outcome": "DENY", "requesters": ["org:police"]},
      {"id": "s47-council", "version": 4, "outcome": "PERMIT",
       "operations": ["person-info-query"], "requesters": ["org:council"],
       "reasons": ["https://www.legislation.gov.uk/ukpga/1989/41/section/47"]},
      {"id": "s17-review", "version": 1, "outcome": "REVIEW",
       "reasons": ["https://www.legislation.gov.uk/ukpga/1989/41/section/17"]},
      {"id": "match-council", "version": 2, "outcome": "PERMIT", "operations": ["match"],
       "requesters": ["org:council"]}
    ]})");
}

json AuthSection() {
  return {
      {"tokens",
       {{{"sha256", Sha256Hex("council-token")},
         {"organisation", "org:council"}},
        {{"sha256", Sha256Hex("police-token")}, {"organisation", "org:police"}},
        {{"sha256", Sha256Hex("admin-token")},
         {"organisation", "org:ops"},
         {"scopes", {"admin"}}}}},
      {"certificates",
       {{{"subject_cn", "council-client"}, {"organisation", "org:council"}}}}};
}

std::string TempDir() {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("linkage_serve_e2e_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

json StandardRequest(const std::string& nhs = "9434765919",
                     const std::string& family = "Smith",
                     const std::string& reason = kS47) {
  json request = json::parse(R"({"resourceType": "Parameters", "parameter": [
    {"name": "resource", "resource": {"resourceType": "Patient",
      "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "1234567890"}],
      "name": [{"family": "Smith", "given": ["Jane"]}], "birthDate": "2015-05-01"}},
    {"name": "reason", "valueUri": "https://www.legislation.gov.uk/ukpga/1989/41/section/47"}]})");
  request["parameter"][0]["resource"]["identifier"][0]["value"] = nhs;
  request["parameter"][0]["resource"]["name"][0]["family"] = family;
  request["parameter"][1]["valueUri"] = reason;
  return request;
}

json MatchRequestFor(const std::string& family, int count = 0,
                     bool certain = false) {
  json request = StandardRequest("9434765919", family);
  request["parameter"].erase(1);
  if (count > 0)
    request["parameter"].push_back(
        {{"name", "count"}, {"valueInteger", count}});
  if (certain) {
    request["parameter"].push_back(
        {{"name", "onlyCertainMatches"}, {"valueBoolean", true}});
  }
  return request;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir();
    const std::string db =
        dir_ + "/audit_" +
        ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db";
    std::filesystem::remove(db);
    std::filesystem::remove(db + "-wal");
    auto log = AuditLog::Open(db);
    ASSERT_TRUE(log.ok()) << log.status();
    audit_ = *std::move(log);
    auto auth = Authenticator::Parse(AuthSection(), "test");
    ASSERT_TRUE(auth.ok()) << auth.status();
    auto policy = AccessPolicy::Parse(Rules(), "test");
    ASSERT_TRUE(policy.ok()) << policy.status();
    ServiceOptions options;
    options.audit_salt = kSalt;
    options.base_url = "https://linkage.test/fhir";
    options.max_body_bytes = 16 * 1024;
    service_ = std::make_unique<ExchangeService>(options, *auth, *policy,
                                                 audit_.get(), &register_);
  }

  void StartPlain() {
    auto server =
        HttpServer::Create(service_.get(), ServerOptions::Plain(0, 4));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    server_->Start();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  // POSTs `body` and checks the audit row of the response.
  httplib::Result Post(const std::string& path, const std::string& body,
                       const std::string& token = "council-token",
                       const std::string& type = "application/fhir+json") {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    ++requests_;
    return client_->Post(path.c_str(), headers, body, type.c_str());
  }

  AuditEntry AuditRow(const httplib::Result& result) {
    EXPECT_TRUE(result);
    const std::string id = result->get_header_value("X-Request-Id");
    EXPECT_EQ(id.size(), 32u);
    auto row = audit_->Find(id);
    EXPECT_TRUE(row.ok()) << row.status();
    EXPECT_EQ(row->http_status, result->status);
    return row.ok() ? *row : AuditEntry{};
  }

  static json Body(const httplib::Result& result) {
    return json::parse(result->body, nullptr, false);
  }

  std::string dir_;
  ScriptedRegister register_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<ExchangeService> service_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<httplib::Client> client_;
  int requests_ = 0;
};

TEST_F(ServerTest, MetadataIsACapabilityStatement) {
  StartPlain();
  auto r = client_->Get("/metadata");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/fhir+json");
  json cs = Body(r);
  EXPECT_EQ(cs["resourceType"], "CapabilityStatement");
  EXPECT_EQ(cs["rest"][0]["resource"][0]["operation"].size(), 2u);
  EXPECT_EQ(AuditRow(r).operation, "metadata");
}

TEST_F(ServerTest, StandardExampleNhsNumberFailsModulus11With422) {
  StartPlain();
  auto r =
      Post("/Patient/$person-info-query", StandardRequest("1234567890").dump());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  json outcome = Body(r);
  EXPECT_EQ(outcome["resourceType"], "OperationOutcome");
  EXPECT_EQ(outcome["issue"][0]["code"], "business-rule");
  EXPECT_THAT(outcome["issue"][0]["diagnostics"].get<std::string>(),
              HasSubstr("check digit"));
  EXPECT_EQ(outcome["issue"][0]["expression"][0],
            "Parameters.parameter[0].resource.identifier[0].value");
  const AuditEntry row = AuditRow(r);
  EXPECT_EQ(row.decision, "ERROR");
  EXPECT_EQ(row.status, "rejected");
  EXPECT_EQ(row.requester, "org:council");
}

TEST_F(ServerTest, CertainPersonIsAnsweredWithContactOnly) {
  StartPlain();
  auto r = Post("/Patient/$person-info-query", StandardRequest().dump());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/fhir+json");
  json body = Body(r);
  EXPECT_EQ(body["parameter"][0],
            json({{"name", "match"}, {"valueBoolean", true}}));
  EXPECT_EQ(body["parameter"][1]["resource"]["name"],
            "Southshire Council Safeguarding");
  // Minimum necessary: nothing of the record.
  EXPECT_EQ(r->body.find("9434765919"), std::string::npos);
  EXPECT_EQ(r->body.find("Jane"), std::string::npos);
  const AuditEntry row = AuditRow(r);
  EXPECT_EQ(row.decision, "PERMIT");
  EXPECT_EQ(row.rule_id, "s47-council");
  EXPECT_EQ(row.rule_version, "4");
  EXPECT_EQ(row.match_grade, "certain");
  EXPECT_EQ(row.model_version, "model-v1");
  EXPECT_EQ(row.reason, kS47);
  EXPECT_EQ(row.operation, "person-info-query");
  ASSERT_FALSE(row.identifier_hashes.empty());
  EXPECT_EQ(row.identifier_hashes[0],
            "nhs_number:" + SaltedHash(kSalt, "9434765919"));
  for (const std::string& h : row.identifier_hashes) {
    EXPECT_EQ(h.find("Smith"), std::string::npos);
  }
}

TEST_F(ServerTest, UnknownPersonIsNoMatch) {
  StartPlain();
  auto r = Post("/Patient/$person-info-query",
                StandardRequest("4010232137", "Nobody").dump());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(Body(r),
            json::parse(R"({"resourceType": "Parameters", "parameter": [
                                     {"name": "match", "valueBoolean": false}]})"));
  EXPECT_EQ(AuditRow(r).match_grade, "none");
}

TEST_F(ServerTest, AmbiguousPossibleAndReviewRulesAreQueued) {
  StartPlain();
  std::vector<std::string> queued;
  for (const auto& [family, reason, rule] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"Ambiguous", kS47, "s47-council"},
           {"Possible", kS47, "s47-council"},
           {"Smith", kS17, "s17-review"}}) {
    auto r = Post("/Patient/$person-info-query",
                  StandardRequest("9434765919", family, reason).dump());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 202) << family;
    json body = Body(r);
    EXPECT_EQ(body["parameter"][0]["valueCode"], "under-review");
    EXPECT_EQ(body["parameter"][1]["valueString"],
              r->get_header_value("X-Request-Id"));
    EXPECT_EQ(r->body.find("\"match\""), std::string::npos)
        << "says nothing about the person";
    const AuditEntry row = AuditRow(r);
    EXPECT_EQ(row.decision, "REVIEW");
    EXPECT_EQ(row.status, "queued");
    EXPECT_EQ(row.rule_id, rule);
    queued.push_back(row.request_id);
  }
  // The review queue lists them (admin scope only).
  httplib::Headers admin{{"Authorization", "Bearer admin-token"}};
  auto list = client_->Get("/admin/reviews", admin);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 200);
  json reviews = Body(list)["reviews"];
  ASSERT_EQ(reviews.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_EQ(reviews[i]["request_id"], queued[i]);
  auto forbidden = client_->Get("/admin/reviews",
                                {{"Authorization", "Bearer council-token"}});
  EXPECT_EQ(forbidden->status, 403);
}

TEST_F(ServerTest, SamePersonRecordedTwiceIsNotAmbiguous) {
  StartPlain();
  auto r = Post("/Patient/$person-info-query",
                StandardRequest("9434765919", "Twice").dump());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(Body(r)["parameter"][0]["valueBoolean"], true);
  // onlySingleMatch: one entry for an unambiguous answer, review otherwise.
  json single = MatchRequestFor("Twice");
  single["parameter"].push_back(
      {{"name", "onlySingleMatch"}, {"valueBoolean", true}});
  auto one = Post("/Patient/$match", single.dump());
  ASSERT_EQ(one->status, 200);
  EXPECT_EQ(Body(one)["total"], 1);
  EXPECT_EQ(Body(one)["entry"][0]["resource"]["id"], "R1");
  single = MatchRequestFor("Ambiguous");
  single["parameter"].push_back(
      {{"name", "onlySingleMatch"}, {"valueBoolean", true}});
  auto review = Post("/Patient/$match", single.dump());
  EXPECT_EQ(review->status, 202);
  EXPECT_EQ(AuditRow(review).status, "queued");
  // Without onlySingleMatch the close candidates are simply listed.
  auto listed = Post("/Patient/$match", MatchRequestFor("Ambiguous").dump());
  EXPECT_EQ(listed->status, 200);
  EXPECT_EQ(Body(listed)["total"], 2);
}

TEST_F(ServerTest, DeniedRequesterGets403) {
  StartPlain();
  auto r = Post("/Patient/$person-info-query", StandardRequest().dump(),
                "police-token");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(Body(r)["issue"][0]["code"], "forbidden");
  const AuditEntry row = AuditRow(r);
  EXPECT_EQ(row.decision, "DENY");
  EXPECT_EQ(row.rule_id, "police-deny");
  EXPECT_EQ(row.requester, "org:police");
}

TEST_F(ServerTest, MatchReturnsARankedSearchset) {
  StartPlain();
  auto r = Post("/Patient/$match", MatchRequestFor("Smith").dump());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json bundle = Body(r);
  EXPECT_EQ(bundle["type"], "searchset");
  ASSERT_EQ(bundle["total"], 2);
  EXPECT_EQ(bundle["entry"][0]["resource"]["id"], "R1");
  EXPECT_EQ(bundle["entry"][0]["fullUrl"],
            "https://linkage.test/fhir/Patient/R1");
  EXPECT_DOUBLE_EQ(bundle["entry"][0]["search"]["score"].get<double>(), 0.999);
  EXPECT_EQ(bundle["entry"][0]["search"]["extension"][0]["valueCode"],
            "certain");
  EXPECT_EQ(bundle["entry"][1]["search"]["extension"][0]["valueCode"],
            "possible");
  EXPECT_GE(bundle["entry"][0]["search"]["score"].get<double>(),
            bundle["entry"][1]["search"]["score"].get<double>());
  EXPECT_EQ(AuditRow(r).rule_id, "match-council");

  auto certain =
      Post("/Patient/$match", MatchRequestFor("Smith", 0, true).dump());
  EXPECT_EQ(Body(certain)["total"], 1);
  auto one = Post("/Patient/$match", MatchRequestFor("Smith", 1).dump());
  EXPECT_EQ(Body(one)["total"], 1);
  auto none = Post("/Patient/$match", MatchRequestFor("Nobody").dump());
  ASSERT_EQ(none->status, 200);
  EXPECT_EQ(Body(none)["total"], 0);
  EXPECT_TRUE(Body(none)["entry"].empty());
  EXPECT_EQ(AuditRow(none).match_grade, "none");
}

TEST_F(ServerTest, BadRequestsAreRefusedAndAudited) {
  StartPlain();
  struct Case {
    std::string path, body, token, type;
    int status;
    std::string message;
  };
  json missing_reason = StandardRequest();
  missing_reason["parameter"].erase(1);
  const std::vector<Case> cases = {
      {"/Patient/$person-info-query", "{not json", "council-token",
       "application/fhir+json", 400, "not valid JSON"},
      {"/Patient/$person-info-query", StandardRequest().dump(), "council-token",
       "text/plain", 415, "Content-Type"},
      {"/Patient/$person-info-query", StandardRequest().dump(), "council-token",
       "application/xml", 415, "Content-Type"},
      {"/Patient/$person-info-query", std::string(20000, ' '), "council-token",
       "application/fhir+json", 413, "over"},
      {"/Patient/$person-info-query", missing_reason.dump(), "council-token",
       "application/fhir+json", 400, "reason is required"},
      {"/Patient/$person-info-query",
       StandardRequest("9434765919", "Smith", "https://example.org/curiosity")
           .dump(),
       "council-token", "application/fhir+json", 422,
       "not a recognised legal basis"},
      {"/Patient/$person-info-query", StandardRequest().dump(), "",
       "application/fhir+json", 401, "no credentials"},
      {"/Patient/$person-info-query", StandardRequest().dump(), "wrong-token",
       "application/fhir+json", 401, "unknown bearer token"},
      {"/Patient/$everything", "{}", "council-token", "application/fhir+json",
       404, "no such endpoint"},
      {"/Patient/$match", "[]", "council-token", "application/json", 400,
       "Parameters: body must be a JSON object"},
  };
  for (const Case& c : cases) {
    auto r = Post(c.path, c.body, c.token, c.type);
    ASSERT_TRUE(r) << c.message;
    EXPECT_EQ(r->status, c.status) << c.message << ": " << r->body;
    json outcome = Body(r);
    EXPECT_EQ(outcome["resourceType"], "OperationOutcome") << c.message;
    EXPECT_THAT(outcome["issue"][0]["diagnostics"].get<std::string>(),
                HasSubstr(c.message));
    const AuditEntry row = AuditRow(r);
    EXPECT_EQ(row.status, "rejected") << c.message;
    if (c.status == 401) {
      EXPECT_EQ(row.decision, "UNAUTHENTICATED");
      EXPECT_EQ(row.requester, "");
      EXPECT_FALSE(r->get_header_value("WWW-Authenticate").empty());
    }
  }
  auto get = client_->Get("/Patient/$match",
                          {{"Authorization", "Bearer council-token"}});
  EXPECT_EQ(get->status, 405);
  AuditRow(get);
}

TEST_F(ServerTest, AdminUpsertAndDelete) {
  StartPlain();
  json patient = StandardRequest()["parameter"][0]["resource"];
  patient["name"][0]["given"][0] = "Janet";
  httplib::Headers admin{{"Authorization", "Bearer admin-token"}};
  auto put = client_->Put("/admin/Patient/R9", admin, patient.dump(),
                          "application/fhir+json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 200) << put->body;
  EXPECT_EQ(Body(put)["name"][0]["given"][0], "Janet");
  ASSERT_TRUE(register_.Get("R9").has_value());
  EXPECT_EQ(AuditRow(put).operation, "admin-upsert");
  auto as_query =
      Post("/admin/Patient/R9", patient.dump());  // POST: not allowed
  EXPECT_EQ(as_query->status, 405);
  auto no_scope = client_->Put("/admin/Patient/R9",
                               {{"Authorization", "Bearer council-token"}},
                               patient.dump(), "application/fhir+json");
  EXPECT_EQ(no_scope->status, 403);
  auto del = client_->Delete("/admin/Patient/R9", admin);
  EXPECT_EQ(del->status, 200);
  EXPECT_FALSE(register_.Get("R9").has_value());
  EXPECT_EQ(client_->Delete("/admin/Patient/R9", admin)->status, 404);
}

TEST_F(ServerTest, EveryResponseHasExactlyOneAuditRow) {
  StartPlain();
  std::set<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    auto r = Post(i % 2 ? "/Patient/$match" : "/Patient/$person-info-query",
                  i % 3 ? StandardRequest().dump() : "{",
                  i % 5 ? "council-token" : "");
    ASSERT_TRUE(r);
    ids.insert(r->get_header_value("X-Request-Id"));
  }
  EXPECT_EQ(ids.size(), 20u);
  auto rows = audit_->List({});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 20u);
  for (const AuditEntry& row : *rows) EXPECT_EQ(ids.count(row.request_id), 1u);
}

// ---- HTTPS and mutual TLS ------------------------------------------------

class TlsServerTest : public ServerTest {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = TempDir() + "/pki";
    std::filesystem::create_directories(dir);
    const std::string script = R"(set -e; cd ')" + dir + R"(';
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=test-ca 2>/dev/null
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout other-ca.key -out other-ca.pem -days 2 -subj /CN=other-ca 2>/dev/null
      printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > san.ext
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr -subj /CN=localhost 2>/dev/null
      openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile san.ext 2>/dev/null
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout council-client.key -out council-client.csr -subj /CN=council-client 2>/dev/null
      openssl x509 -req -in council-client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out council-client.pem -days 2 2>/dev/null
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout stranger.key -out stranger.csr -subj /CN=stranger 2>/dev/null
      openssl x509 -req -in stranger.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out stranger.pem -days 2 2>/dev/null
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout rogue.key -out rogue.csr -subj /CN=council-client 2>/dev/null
      openssl x509 -req -in rogue.csr -CA other-ca.pem -CAkey other-ca.key -CAcreateserial -out rogue.pem -days 2 2>/dev/null
    )";
    ASSERT_EQ(std::system(("bash -c \"" + script + "\"").c_str()), 0);
    pki_ = dir;
  }

  static void TearDownTestSuite() { std::filesystem::remove_all(pki_); }

  void StartTls() {
    ServerOptions options = ServerOptions::Plain(0, 4);
    options.tls_cert = pki_ + "/server.pem";
    options.tls_key = pki_ + "/server.key";
    options.client_ca = pki_ + "/ca.pem";
    auto server = HttpServer::Create(service_.get(), options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    server_->Start();
  }

  std::unique_ptr<httplib::SSLClient> Client(const std::string& who) {
    auto client =
        who.empty()
            ? std::make_unique<httplib::SSLClient>("127.0.0.1", server_->port())
            : std::make_unique<httplib::SSLClient>("127.0.0.1", server_->port(),
                                                   pki_ + "/" + who + ".pem",
                                                   pki_ + "/" + who + ".key");
    client->set_ca_cert_path((pki_ + "/ca.pem").c_str());
    client->enable_server_certificate_verification(true);
    return client;
  }

  static std::string pki_;
};
std::string TlsServerTest::pki_;

TEST_F(TlsServerTest, ClientCertificateAuthenticates) {
  StartTls();
  auto client = Client("council-client");
  auto r = client->Post("/Patient/$person-info-query", StandardRequest().dump(),
                        "application/fhir+json");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Body(r)["parameter"][0]["valueBoolean"], true);
  const AuditEntry row = AuditRow(r);
  EXPECT_EQ(row.auth_method, "mtls");
  EXPECT_EQ(row.requester, "org:council");
}

TEST_F(TlsServerTest, BearerTokenOverTlsWithoutCertificate) {
  StartTls();
  auto client = Client("");
  auto r = client->Post("/Patient/$person-info-query",
                        {{"Authorization", "Bearer council-token"}},
                        StandardRequest().dump(), "application/fhir+json");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(AuditRow(r).auth_method, "bearer");
  auto anonymous =
      client->Post("/Patient/$person-info-query", StandardRequest().dump(),
                   "application/fhir+json");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(AuditRow(anonymous).decision, "UNAUTHENTICATED");
}

TEST_F(TlsServerTest, UnmappedCertificateIs401AndForeignCaIsRefused) {
  StartTls();
  auto stranger = Client("stranger");
  auto r = stranger->Post("/Patient/$person-info-query",
                          StandardRequest().dump(), "application/fhir+json");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 401);
  EXPECT_THAT(Body(r)["issue"][0]["diagnostics"].get<std::string>(),
              HasSubstr("stranger"));
  AuditRow(r);
  // Same CN, signed by another CA: the TLS handshake fails; no HTTP request
  // was made, so there is nothing to audit.
  auto rogue = Client("rogue");
  auto refused = rogue->Post("/Patient/$person-info-query",
                             StandardRequest().dump(), "application/fhir+json");
  EXPECT_FALSE(refused);
}

}  // namespace
}  // namespace linkage::exchange
