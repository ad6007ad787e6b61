// `runform assessment` as staff type it, against a real hub over TCP (SQLite): a protocol, an
// assessment, a roster CSV imported, badges printed, results and the PDF pack exported, with the
// exit codes and messages of the command-line conventions (a bad roster line is exit 2 naming
// the line, an unreachable hub is exit 1).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/access_helpers.h"
#include "support/hub_harness.h"

namespace runform::testing {
namespace {

struct CliRun {
  int code = 0;
  std::string out;
};

// Runs the runform binary with the arguments; stdout and stderr together.
CliRun runform(const std::string& args, const std::string& environment = "") {
  const std::string command = environment + (environment.empty() ? "" : " ") + std::string(RUNFORM_BIN) + " " + args + " 2>&1";
  CliRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) run.out += buffer.data();
  const int status = ::pclose(pipe);
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

TEST(AssessmentCli, StaffRunTheDayFromTheCommandLine) {
  HubUnderTest hub(Backend::kSqlite);
  ASSERT_TRUE(hub.available()) << hub.skip_reason();
  const auto dir = std::filesystem::temp_directory_path() / ("runform-assess-cli-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  // Staff sign in: the token in an owner-only file, as `runform export` takes it.
  std::ofstream(dir / "staff.token") << hub.staff_token() << "\n";
  const std::string at = " --hub " + hub.target() + " --insecure-loopback --token-file " + (dir / "staff.token").string();

  CliRun protocol = runform("assessment protocol" + at +
                         " --name 'Squad check' --step 'Calibration:calibration:10:front' --step 'Front view:run:120:front:11:1'"
                         " --step 'Side view:run:120:side:11'");
  ASSERT_EQ(protocol.code, 0) << protocol.out;
  CliRun create = runform("assessment create" + at + " --name 'Spring squad' --date 2026-04-18 --station st-1 --station st-2"
                       " --protocol " + trimmed(protocol.out));
  ASSERT_EQ(create.code, 0) << create.out;
  const std::string aid = trimmed(create.out);

  std::ofstream(dir / "roster.csv") << "name,code,group,coach\nAda Okafor,R101,U18,kim\nBo Lind,R102,U20,lee\n";
  CliRun import = runform("assessment import-roster" + at + " --assessment " + aid + " --csv " + (dir / "roster.csv").string());
  EXPECT_EQ(import.code, 0) << import.out;
  EXPECT_NE(import.out.find("the roster has 2 athletes"), std::string::npos) << import.out;

  std::ofstream(dir / "bad.csv") << "name,code,group,coach\nCy,R103,U18,kim\nDee,,U18,kim\n";
  CliRun bad = runform("assessment import-roster" + at + " --assessment " + aid + " --csv " + (dir / "bad.csv").string());
  EXPECT_EQ(bad.code, 2) << bad.out;
  EXPECT_NE(bad.out.find("runform assessment: line 3: the code is empty"), std::string::npos) << bad.out;

  CliRun list = runform("assessment list" + at);
  EXPECT_EQ(list.code, 0) << list.out;
  EXPECT_NE(list.out.find("Spring squad  (2 athletes, 2 stations, protocol Squad check)"), std::string::npos) << list.out;

  CliRun badges = runform("assessment badges" + at + " --assessment " + aid + " --out " + (dir / "badges.pdf").string());
  EXPECT_EQ(badges.code, 0) << badges.out;
  EXPECT_GT(std::filesystem::file_size(dir / "badges.pdf"), 1000U);

  CliRun results = runform("assessment results" + at + " --assessment " + aid + " --out " + (dir / "results.csv").string());
  EXPECT_EQ(results.code, 0) << results.out;
  std::stringstream csv;
  csv << std::ifstream(dir / "results.csv").rdbuf();
  EXPECT_NE(csv.str().find("R101,Ada Okafor,U18,kim,incomplete,0,3,"), std::string::npos) << csv.str();

  CliRun pack = runform("assessment pack" + at + " --assessment " + aid + " --coach kim --out " + (dir / "pack.pdf").string());
  EXPECT_EQ(pack.code, 0) << pack.out;
  EXPECT_NE(pack.out.find("(2 pages)"), std::string::npos) << pack.out;  // the group page and Ada's

  CliRun step = runform("assessment protocol" + at + " --name X --step 'Front:jog:120:front'");
  EXPECT_EQ(step.code, 2) << step.out;
  EXPECT_NE(step.out.find("the kind is run or calibration, not 'jog'"), std::string::npos) << step.out;
  CliRun unknown = runform("assessment badges" + at + " --assessment a-nope --out " + (dir / "x.pdf").string());
  EXPECT_EQ(unknown.code, 2) << unknown.out;
  EXPECT_NE(unknown.out.find("no assessment 'a-nope'"), std::string::npos) << unknown.out;
  // A coach's token: the results hold only the coach's athletes, whatever --coach says.
  std::ofstream(dir / "kim.token") << person_token(hub.hub().access(), "kim", v1::ROLE_COACH) << "\n";
  CliRun kim = runform("assessment results --hub " + hub.target() + " --insecure-loopback --token-file " +
                       (dir / "kim.token").string() + " --assessment " + aid + " --coach lee --out " +
                       (dir / "kim.csv").string());
  EXPECT_EQ(kim.code, 0) << kim.out;
  std::stringstream kim_csv;
  kim_csv << std::ifstream(dir / "kim.csv").rdbuf();
  EXPECT_NE(kim_csv.str().find("R101,Ada Okafor"), std::string::npos) << kim_csv.str();
  EXPECT_EQ(kim_csv.str().find("R102"), std::string::npos) << "lee's athlete in kim's results: " << kim_csv.str();
  // A coach cannot create an assessment; nobody unsigned can list them; $RUNFORM_TOKEN works too.
  CliRun denied = runform("assessment create --hub " + hub.target() + " --insecure-loopback --token-file " +
                          (dir / "kim.token").string() + " --name X --date 2026-04-19 --station st-1 --protocol " +
                          trimmed(protocol.out));
  EXPECT_NE(denied.code, 0) << denied.out;
  EXPECT_NE(denied.out.find("runform assessment: "), std::string::npos) << denied.out;
  CliRun unsigned_list = runform("assessment list --hub " + hub.target() + " --insecure-loopback");
  EXPECT_NE(unsigned_list.code, 0) << unsigned_list.out;
  EXPECT_NE(unsigned_list.out.find("sign in first"), std::string::npos) << unsigned_list.out;
  CliRun env_list = runform("assessment list --hub " + hub.target() + " --insecure-loopback", "RUNFORM_TOKEN=" + hub.staff_token());
  EXPECT_EQ(env_list.code, 0) << env_list.out;
  CliRun away = runform("assessment list --hub 127.0.0.1:1 --insecure-loopback --token-file " + (dir / "staff.token").string());
  EXPECT_EQ(away.code, 1) << away.out;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace runform::testing
