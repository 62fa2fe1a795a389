// Copyright 2026 The Linkage Authors.
//
// Runs the built `linkage` binary as a subprocess and checks exit codes (0
// done, 1 bad input or config, 2 usage), messages and output files.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "normalise/registry.h"
#include "tests/test_util.h"

namespace linkage {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string ShellQuote(const std::string& arg) {
  std::string quoted = "'";
  for (const char c : arg) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/cli_test_XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    ASSERT_NE(mkdtemp(buffer.data()), nullptr);
    dir_ = buffer.data();
  }
  void TearDown() override {
    std::system(("rm -rf " + ShellQuote(dir_)).c_str());
  }

  CliRun Linkage(const std::vector<std::string>& args) {
    std::string command = ShellQuote(LINKAGE_CLI_PATH);
    for (const std::string& arg : args) command += " " + ShellQuote(arg);
    command += " >" + ShellQuote(dir_ + "/stdout") + " 2>" +
               ShellQuote(dir_ + "/stderr") + " </dev/null";
    const int status = std::system(command.c_str());
    CliRun run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = testing::ReadFileOrDie(dir_ + "/stdout");
    run.err = testing::ReadFileOrDie(dir_ + "/stderr");
    return run;
  }

  std::string Write(const std::string& name, const std::string& contents) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  bool Exists(const std::string& name) {
    struct stat info;
    return stat((dir_ + "/" + name).c_str(), &info) == 0;
  }

  std::string dir_;
};

TEST_F(CliTest, NoArgumentsIsUsage) {
  CliRun run = Linkage({});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("Usage: linkage <command>"));
  EXPECT_THAT(run.err, HasSubstr("profile"));
}

TEST_F(CliTest, HelpListsCommandsOnStdout) {
  CliRun run = Linkage({"--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, HasSubstr("profile"));
  EXPECT_EQ(run.err, "");
}

TEST_F(CliTest, UnknownCommandIsUsage) {
  CliRun run = Linkage({"frobnicate"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, StartsWith("linkage: unknown command \"frobnicate\""));
}

TEST_F(CliTest, ProfileHelp) {
  CliRun run = Linkage({"profile", "--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, HasSubstr("--out-json"));
}

TEST_F(CliTest, ProfileUsageErrors) {
  CliRun run = Linkage({"profile", "--config", "c.json"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("--input"));
  run = Linkage({"profile", "--config", "c.json", "--input", "x", "--bogus"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("bogus"));
  run = Linkage({"profile", "--config", "c", "--input", "x", "--top", "ten"});
  EXPECT_EQ(run.exit_code, 2);
}

TEST_F(CliTest, ProfileMissingConfigIsBadInput) {
  CliRun run = Linkage({"profile", "--config", "/nonexistent/c.json", "--input",
                     "x.csv"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err,
            "linkage profile: cannot open config /nonexistent/c.json: No such "
            "file or directory\n");
  EXPECT_EQ(run.out, "");
}

TEST_F(CliTest, ProfileBadConfigNamesFileAndPath) {
  const std::string config = Write("c.json", "{\"columns\": {\"a\": 1}}");
  CliRun run = Linkage({"profile", "--config", config, "--input", "x.csv"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, "linkage profile: " + config +
                         ": $.columns.a: a column spec must be a JSON object "
                         "such as {\"normaliser\": \"text\"}\n");
  const std::string unknown =
      Write("u.json", "{\"columns\": {\"a\": {\"normaliser\": \"nope\"}}}");
  run = Linkage({"profile", "--config", unknown, "--input", "x.csv"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err,
              StartsWith("linkage profile: " + unknown +
                         ": $.columns.a.normaliser: unknown normaliser \"nope\""));
}

// Tests below need a working normaliser; any registered one will do, since
// they check file handling, not normalisation.
class CliFileTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    config_ = Write("c.json", nlohmann::json{
                                  {"unique_id_column", "id"},
                                  {"columns",
                                   {{"v", {{"normaliser",
                                            std::string(NormaliserNames()[0])}}}}}}
                                  .dump());
  }
  std::string config_;
};

TEST_F(CliFileTest, GoodFileWritesJsonAndCsv) {
  const std::string input = Write("in.csv", "id,v\n1,a\n2,\n3,b\n");
  CliRun run = Linkage({"profile", "--config", config_, "--input", input,
                     "--out-json", dir_ + "/r.json", "--out-csv",
                     dir_ + "/r.csv"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Data-quality report: " + input + " (3 rows)"));
  const nlohmann::json report =
      nlohmann::json::parse(testing::ReadFileOrDie(dir_ + "/r.json"));
  EXPECT_EQ(report["rows"], 3);
  EXPECT_EQ(report["fields"][0]["column"], "v");
  EXPECT_EQ(report["fields"][0]["missing"], 1);  // every normaliser: "" is missing
  EXPECT_EQ(report["fields"][0]["distinct_raw"], 3);
  EXPECT_THAT(testing::ReadFileOrDie(dir_ + "/r.csv"),
              StartsWith("column,section,key,count,example_lines\n"
                         "v,summary,rows,3,\n"));
}

TEST_F(CliFileTest, BadFilesExitOneAndWriteNothing) {
  struct Case {
    const char* name;
    std::string contents;
    std::string error;  // after "linkage profile: <path>"
  };
  const Case kCases[] = {
      {"ragged", "id,v\n1,a\n2\n", ":3:2: ragged row: expected 2 fields, found 1"},
      {"unterminated", "id,v\n1,\"a\n", ":2:3: unterminated quoted field starting at line 2"},
      {"utf8", "id,v\n1,\xC3\x28\n", ":2:3: invalid UTF-8 in field \"v\""},
      {"missing column", "id,w\n1,a\n",
       ": missing column \"v\" required by the config; the file has: id, w"},
      {"duplicate id", "id,v\n1,a\n2,b\n1,c\n",
       ":4: duplicate record id \"1\" in column \"id\" (first at line 2)"},
  };
  for (const Case& test : kCases) {
    SCOPED_TRACE(test.name);
    const std::string input = Write(std::string(test.name) + ".csv", test.contents);
    CliRun run = Linkage({"profile", "--config", config_, "--input", input,
                       "--out-json", dir_ + "/bad.json", "--out-csv",
                       dir_ + "/bad.csv"});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.err, "linkage profile: " + input + test.error + "\n");
    EXPECT_EQ(run.out, "");
    EXPECT_FALSE(Exists("bad.json"));
    EXPECT_FALSE(Exists("bad.csv"));
  }
  CliRun run = Linkage({"profile", "--config", config_, "--input",
                     dir_ + "/absent.csv"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, "linkage profile: cannot open " + dir_ +
                         "/absent.csv: No such file or directory\n");
}

TEST_F(CliFileTest, UnwritableOutputIsBadInput) {
  const std::string input = Write("in.csv", "id,v\n1,a\n");
  CliRun run = Linkage({"profile", "--config", config_, "--input", input,
                     "--out-json", "/nonexistent/r.json"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("/nonexistent/r.json"));
}

// End to end on the FEBRL file: the missing counts are the empty fields a
// Python csv reader (skipinitialspace=True) finds in data/febrl/dataset2.csv.
TEST_F(CliTest, ProfileFebrlDataset) {
  CliRun run = Linkage({"profile", "--config", testing::ConfigPath("febrl.json"),
                     "--input", testing::DataPath("febrl/dataset2.csv"),
                     "--out-json", dir_ + "/febrl.json", "--quiet"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "");
  const nlohmann::json report =
      nlohmann::json::parse(testing::ReadFileOrDie(dir_ + "/febrl.json"));
  EXPECT_EQ(report["rows"], 5000);
  const std::map<std::string, int> kMissing = {
      {"given_name", 109}, {"surname", 64},  {"street_number", 223},
      {"address_1", 109},  {"address_2", 569}, {"suburb", 50},
      {"postcode", 0},     {"state", 48},    {"date_of_birth", 110},
      {"soc_sec_id", 0}};
  ASSERT_EQ(report["fields"].size(), kMissing.size());
  for (const nlohmann::json& field : report["fields"]) {
    SCOPED_TRACE(field["column"].get<std::string>());
    EXPECT_EQ(field["missing"], kMissing.at(field["column"].get<std::string>()));
    EXPECT_EQ(field["valid"].get<int>() + field["missing"].get<int>() +
                  field["invalid"].get<int>(),
              5000);
  }
}

// The hand-written messy register: every count below was worked out by hand
// from data/samples/uk_register_sample.csv (the header is line 1 and record
// R01 line 2; record R10 has a quoted address with a line break, so record
// Rn starts on line n+1 up to R10 and on line n+2 from R11 on). Phones are
// Ofcom's drama ranges (valid), except 07700 900666 (a drama mobile range
// libphonenumber does not treat as allocated), "not given" and "12345".
TEST_F(CliTest, ProfileUkRegisterSample) {
  CliRun run = Linkage({"profile", "--config",
                     testing::ConfigPath("uk_person.json"), "--input",
                     testing::DataPath("samples/uk_register_sample.csv"),
                     "--out-json", dir_ + "/uk.json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json report =
      nlohmann::json::parse(testing::ReadFileOrDie(dir_ + "/uk.json"));
  EXPECT_EQ(report["rows"], 40);
  std::map<std::string, nlohmann::json> fields;
  for (const nlohmann::json& field : report["fields"]) {
    fields[field["column"].get<std::string>()] = field;
  }
  auto reasons = [&](const std::string& column) {
    return fields[column]["invalid_by_reason"];
  };
  auto expect = [&](const std::string& column, int valid, int missing_count,
                    const char* reasons_json) {
    SCOPED_TRACE(column);
    EXPECT_EQ(fields[column]["valid"], valid);
    EXPECT_EQ(fields[column]["missing"], missing_count);
    EXPECT_EQ(reasons(column), nlohmann::json::parse(reasons_json));
  };
  expect("nhs_number", 33, 1,
         R"([{"reason":"bad_check_digit","count":3,"example_lines":[5,16,30]},
             {"reason":"placeholder","count":1,"example_lines":[18]},
             {"reason":"wrong_length","count":1,"example_lines":[8]},
             {"reason":"non_digit","count":1,"example_lines":[25]}])");
  expect("given_name", 36, 0,
         R"([{"reason":"placeholder","count":4,"example_lines":[4,6,13,42]}])");
  expect("family_name", 38, 1,
         R"([{"reason":"placeholder","count":1,"example_lines":[17]}])");
  expect("date_of_birth", 31, 1,
         R"([{"reason":"placeholder","count":3,"example_lines":[4,9,16]},
             {"reason":"impossible_date","count":3,"example_lines":[7,13,21]},
             {"reason":"future_date","count":2,"example_lines":[6,19]}])");
  expect("sex", 36, 1,
         R"([{"reason":"placeholder","count":2,"example_lines":[10,11]},
             {"reason":"unknown_code","count":1,"example_lines":[13]}])");
  expect("postcode", 37, 1,
         R"([{"reason":"bad_format","count":2,"example_lines":[10,13]}])");
  expect("address_line", 38, 1,
         R"([{"reason":"no_letters","count":1,"example_lines":[39]}])");
  expect("email", 32, 5,
         R"([{"reason":"bad_format","count":3,"example_lines":[8,11,27]}])");
  expect("phone", 35, 2,
         R"([{"reason":"bad_format","count":2,"example_lines":[18,27]},
             {"reason":"wrong_length","count":1,"example_lines":[8]}])");
  EXPECT_EQ(fields["date_of_birth"]["distinct_raw"], 38);
  EXPECT_EQ(fields["date_of_birth"]["distinct_normalised"], 31);
  EXPECT_EQ(fields["postcode"]["distinct_raw"], 39);
  EXPECT_EQ(fields["postcode"]["distinct_normalised"], 34);
  EXPECT_EQ(fields["postcode"]["top_values"][0],
            nlohmann::json::parse(R"({"value":"AB10 1AB","count":2})"));
  EXPECT_EQ(fields["sex"]["top_values"],
            nlohmann::json::parse(R"([{"value":"female","count":18},
                                      {"value":"male","count":18}])"));
  EXPECT_EQ(fields["family_name"]["top_values"][0],
            nlohmann::json::parse(R"({"value":"REID","count":2})"));
}

}  // namespace
}  // namespace linkage
