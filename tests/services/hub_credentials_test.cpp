// Acceptance 4 of issue 11, credentials: enrolment codes work once and expire, tokens expire,
// failed logins are throttled (per name and per address), a revoked kiosk is refused at once —
// also on an upload already streaming — and a kiosk uploads only as itself. Time is injected
// (AuthOptions::now), so nothing here sleeps. The password grep runs on the real binaries in
// hub_admin_cli_test.sh.
#include <gtest/gtest.h>

#include <grpcpp/client_context.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "runform/v1/access.grpc.pb.h"
#include "services/client/kiosk_uploader.h"
#include "services/hub/auth_secrets.h"
#include "support/access_helpers.h"
#include "services/client/hub_channel.h"
#include "support/hub_harness.h"
#include "support/hub_process.h"

namespace runform::testing {
namespace {

using grpc::StatusCode;
using std::chrono::minutes;

constexpr const char* kPassword = "correct horse battery staple";

// A wall clock the test moves by hand.
struct TestClock {
  std::shared_ptr<std::atomic<std::int64_t>> offset_ms = std::make_shared<std::atomic<std::int64_t>>(0);
  void advance(std::chrono::milliseconds by) const { *offset_ms += by.count(); }
  [[nodiscard]] std::function<std::chrono::system_clock::time_point()> fn() const {
    return [offset = offset_ms] {
      return std::chrono::system_clock::now() + std::chrono::milliseconds(offset->load());
    };
  }
};

class Credentials : public ::testing::Test {
 protected:
  void SetUp() override {
    auto options = HubUnderTest::fast_options();
    options.auth.now = clock_.fn();
    hub_ = std::make_unique<HubUnderTest>(Backend::kSqlite, options);
    person_token(hub_->hub().access(), "ana", v1::ROLE_COACH, kPassword);
    person_token(hub_->hub().access(), "admin", v1::ROLE_ADMIN, kPassword);
  }

  std::unique_ptr<v1::AccessService::Stub> access(const std::string& token = {}) {
    return v1::AccessService::NewStub(token.empty() ? hub_->anonymous_channel() : hub_->channel_with_token(token));
  }

  grpc::Status login(const std::string& user, const std::string& password, v1::LoginResponse* out = nullptr) {
    grpc::ClientContext context;
    v1::LoginRequest request;
    request.set_user_name(user);
    request.set_password(password);
    v1::LoginResponse response;
    const auto status = access()->Login(&context, request, &response);
    if (out != nullptr) *out = response;
    return status;
  }

  grpc::Status who_am_i(const std::string& token, v1::WhoAmIResponse* out = nullptr) {
    grpc::ClientContext context;
    v1::WhoAmIResponse response;
    const auto status = access(token)->WhoAmI(&context, {}, &response);
    if (out != nullptr) *out = response;
    return status;
  }

  std::string issue_code(const std::string& station, std::uint32_t minutes_valid) {
    grpc::ClientContext context;
    v1::IssueEnrolmentCodeRequest request;
    request.set_station_id(station);
    request.set_valid_minutes(minutes_valid);
    v1::IssueEnrolmentCodeResponse response;
    const auto admin = person_token(hub_->hub().access(), "admin", v1::ROLE_ADMIN);
    EXPECT_TRUE(access(admin)->IssueEnrolmentCode(&context, request, &response).ok());
    return response.enrolment_code();
  }

  grpc::Status enrol(const std::string& code, const std::string& kiosk_id, v1::EnrollKioskResponse* out = nullptr) {
    grpc::ClientContext context;
    v1::EnrollKioskRequest request;
    request.set_enrolment_code(code);
    request.set_kiosk_id(kiosk_id);
    v1::EnrollKioskResponse response;
    const auto status = access()->EnrollKiosk(&context, request, &response);
    if (out != nullptr) *out = response;
    return status;
  }

  TestClock clock_;
  std::unique_ptr<HubUnderTest> hub_;
};

TEST_F(Credentials, LoginGivesATokenThatWorksUntilItExpiresAndRefreshRenewsIt) {
  v1::LoginResponse signed_in;
  ASSERT_TRUE(login("ana", kPassword, &signed_in).ok());
  EXPECT_EQ(signed_in.role(), v1::ROLE_COACH);
  EXPECT_TRUE(signed_in.token().starts_with("rfp_"));
  v1::WhoAmIResponse me;
  ASSERT_TRUE(who_am_i(signed_in.token(), &me).ok());
  EXPECT_EQ(me.person().user_name(), "ana");

  // Refresh before expiry: a new token with a later expiry.
  clock_.advance(minutes(11 * 60));
  grpc::ClientContext refresh_context;
  v1::LoginResponse refreshed;
  ASSERT_TRUE(access(signed_in.token())->RefreshToken(&refresh_context, {}, &refreshed).ok());
  EXPECT_GT(refreshed.expires_unix_ms(), signed_in.expires_unix_ms());

  // Past the first token's expiry (12 h): it is refused, the refreshed one still works.
  clock_.advance(minutes(61));
  EXPECT_EQ(who_am_i(signed_in.token()).error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(who_am_i(refreshed.token()).ok());
  clock_.advance(minutes(12 * 60));
  EXPECT_EQ(who_am_i(refreshed.token()).error_code(), StatusCode::UNAUTHENTICATED);
  // The hub's minute tick deletes expired tokens (only their hashes were ever stored).
  auto& access = hub_->hub().access();
  ASSERT_TRUE(access.person_token(services::secret_hash(refreshed.token())).has_value());
  hub_->hub().purge_expired_tokens(clock_.fn()());
  EXPECT_FALSE(access.person_token(services::secret_hash(signed_in.token())).has_value());
  EXPECT_FALSE(access.person_token(services::secret_hash(refreshed.token())).has_value());
}

TEST_F(Credentials, LogoutEndsTheTokenAtOnce) {
  v1::LoginResponse signed_in;
  ASSERT_TRUE(login("ana", kPassword, &signed_in).ok());
  grpc::ClientContext context;
  v1::LogoutResponse out;
  ASSERT_TRUE(access(signed_in.token())->Logout(&context, {}, &out).ok());
  EXPECT_EQ(who_am_i(signed_in.token()).error_code(), StatusCode::UNAUTHENTICATED);
}

TEST_F(Credentials, WrongPasswordAndUnknownNameGetTheSameAnswer) {
  const auto wrong = login("ana", "not the password");
  const auto unknown = login("nobody", "not the password");
  EXPECT_EQ(wrong.error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(unknown.error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(wrong.error_message(), unknown.error_message());
}

TEST_F(Credentials, FailedLoginsAreThrottledPerNameThenFreedByTime) {
  const auto limits = services::ThrottleLimits{};
  for (std::size_t i = 0; i < limits.failures_per_name; ++i) {
    EXPECT_EQ(login("ana", "guess-" + std::to_string(i)).error_code(), StatusCode::UNAUTHENTICATED);
  }
  // Locked: even the right password is refused, before any hashing, with when to retry.
  const auto locked = login("ana", kPassword);
  EXPECT_EQ(locked.error_code(), StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(locked.error_message().find("try again in"), std::string::npos) << locked.error_message();
  // Another account is not locked by ana's failures (below the address limit).
  EXPECT_TRUE(login("admin", kPassword).ok());
  // Once the window has passed, the right password works again.
  clock_.advance(limits.window + std::chrono::seconds(1));
  EXPECT_TRUE(login("ana", kPassword).ok());
}

TEST_F(Credentials, FailedLoginsAreThrottledPerAddressAcrossNames) {
  const auto limits = services::ThrottleLimits{};
  for (std::size_t i = 0; i < limits.failures_per_address; ++i) {
    EXPECT_EQ(login("name-" + std::to_string(i), "guess").error_code(), StatusCode::UNAUTHENTICATED);
  }
  EXPECT_EQ(login("admin", kPassword).error_code(), StatusCode::RESOURCE_EXHAUSTED) << "this address is locked";
  clock_.advance(limits.window + std::chrono::seconds(1));
  EXPECT_TRUE(login("admin", kPassword).ok());
}

TEST_F(Credentials, EnrolmentCodesWorkOnceAndExpire) {
  const std::string code = issue_code("station-4", 30);
  ASSERT_FALSE(code.empty());
  v1::EnrollKioskResponse enrolled;
  // Typed in lower case without dashes: still the same code.
  std::string typed;
  for (const char c : code) {
    if (c != '-') typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  ASSERT_TRUE(enrol(typed, "kiosk-4", &enrolled).ok());
  EXPECT_EQ(enrolled.station_id(), "station-4");
  EXPECT_TRUE(enrolled.kiosk_token().starts_with("rfk_"));
  v1::WhoAmIResponse me;
  ASSERT_TRUE(who_am_i(enrolled.kiosk_token(), &me).ok());
  EXPECT_EQ(me.kiosk().kiosk_id(), "kiosk-4");
  EXPECT_EQ(me.kiosk().station_id(), "station-4");

  const auto again = enrol(code, "kiosk-4b");
  EXPECT_EQ(again.error_code(), StatusCode::UNAUTHENTICATED) << "a code works once";

  const std::string late = issue_code("station-4", 30);
  clock_.advance(minutes(31));
  EXPECT_EQ(enrol(late, "kiosk-4c").error_code(), StatusCode::UNAUTHENTICATED) << "an expired code";
  EXPECT_EQ(enrol("AAAA-BBBB-CCCC-DDDD", "kiosk-4d").error_code(), StatusCode::UNAUTHENTICATED) << "an unknown code";

  // A taken kiosk id is refused and the code stays usable.
  const std::string fresh = issue_code("station-4", 30);
  EXPECT_EQ(enrol(fresh, "kiosk-4").error_code(), StatusCode::ALREADY_EXISTS);
  EXPECT_TRUE(enrol(fresh, "kiosk-4e").ok());
}

TEST_F(Credentials, ARevokedKioskIsRefusedAtOnceEvenMidStream) {
  const std::string token = hub_->kiosk_credential("station-1");
  const auto session = recorded_session("revoke-1", 10.0);
  RawIngest raw(hub_->channel());
  ASSERT_EQ(raw.open(session.start), 1U);
  ASSERT_TRUE(raw.send_chunk("revoke-1", numbered(session, 0, 20, 1)));
  ASSERT_EQ(raw.await_ack("revoke-1", 20)->acked_seq(), 20U);

  grpc::ClientContext context;
  v1::RevokeKioskRequest revoke;
  revoke.set_kiosk_id("kiosk-station-1");
  v1::RevokeKioskResponse revoked;
  ASSERT_TRUE(access(person_token(hub_->hub().access(), "admin", v1::ROLE_ADMIN))
                  ->RevokeKiosk(&context, revoke, &revoked)
                  .ok());
  // The open stream's next message is refused, and nothing of it is stored.
  raw.send_chunk("revoke-1", numbered(session, 20, 20, 21));
  const auto status = raw.finish();
  EXPECT_EQ(status.error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_NE(status.error_message().find("revoked"), std::string::npos) << status.error_message();
  EXPECT_EQ(hub_->hub().store().count_frames("revoke-1"), 20U);
  EXPECT_EQ(who_am_i(token).error_code(), StatusCode::UNAUTHENTICATED);
  bool audited = false;
  for (const auto& e : hub_->hub().access().list_audit(0, 1000)) audited |= e.reference == "kiosk:kiosk-station-1";
  EXPECT_TRUE(audited);
}

TEST_F(Credentials, SpoofedKioskIdsAreRefusedAndTheKioskAndCoachStillWork) {
  // One stream tries sessions under many kiosk and station ids: each is PERMISSION_DENIED
  // (it used to open 20,000 sessions under spoofed ids), and nothing is stored.
  for (int i = 0; i < 20; ++i) {
    RawIngest raw(hub_->channel());
    auto start = recorded_session("spoof-" + std::to_string(i), 10.0).start;
    if (i % 2 == 0) {
      start.set_kiosk_id("spoofed-kiosk-" + std::to_string(i));
    } else {
      start.set_station_id("station-" + std::to_string(100 + i));
    }
    EXPECT_EQ(raw.open(start), 0U);
    EXPECT_EQ(raw.finish().error_code(), StatusCode::PERMISSION_DENIED);
    EXPECT_FALSE(hub_->hub().store().session(start.session_id()).has_value());
  }
  // Another station's kiosk cannot reopen or append to this station's session either.
  const auto session = recorded_session("honest-1", 10.0);
  {
    services::KioskUploader kiosk(hub_->channel());
    kiosk.open(session.start);
    for (const auto& f : session.frames) kiosk.add_frame("honest-1", f);
    kiosk.close("honest-1", session.summary, session.start.started_unix_ms() + 60'000);
    ASSERT_TRUE(kiosk.wait_closed("honest-1", std::chrono::seconds(30)));
  }
  RawIngest intruder(hub_->kiosk_channel("station-2"));
  EXPECT_EQ(intruder.open(session.start), 0U);
  EXPECT_EQ(intruder.finish().error_code(), StatusCode::PERMISSION_DENIED);
  // An empty kiosk and station id are taken from the credential.
  auto anonymous_start = recorded_session("from-credential", 10.0).start;
  anonymous_start.clear_kiosk_id();
  anonymous_start.clear_station_id();
  RawIngest raw(hub_->channel());
  EXPECT_EQ(raw.open(anonymous_start), 1U);
  raw.finish();
  ASSERT_TRUE(hub_->hub().store().session("from-credential").has_value());
  EXPECT_EQ(hub_->hub().store().session("from-credential")->kiosk_id, "kiosk-station-1");
  // The well-behaved kiosk and the coach still work; stored data is unchanged.
  EXPECT_EQ(hub_->hub().store().count_frames("honest-1"), session.frames.size());
  grpc::ClientContext context;
  v1::GetSessionRequest request;
  request.set_session_id("honest-1");
  v1::SessionInfo info;
  ASSERT_TRUE(hub_->coach()->GetSession(&context, request, &info).ok());
  EXPECT_EQ(info.stored_seq(), session.frames.size());
  EXPECT_TRUE(info.closed());
}

}  // namespace
}  // namespace runform::testing

namespace runform::testing {
namespace {

// Reads a whole file as bytes ("" if missing).
std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(PasswordsNeverStored, NotInTheHubsLogNorItsDatabaseAfterSignIns) {
  const auto work = std::filesystem::temp_directory_path() / ("runform-pw-grep-" + std::to_string(::getpid()));
  std::filesystem::remove_all(work);
  std::filesystem::create_directories(work);
  const std::string store = "sqlite:" + (work / "hub.db").string();
  const std::string password = "Distinctive-Password-7c1e-" + std::to_string(::getpid());
  // The first admin, made by the local command line from stdin, as an operator would.
  const std::string command = "printf '%s\\n' '" + password + "' | '" + RUNFORM_HUB_BIN + "' admin --store '" +
                              store + "' create-admin --name head-admin >'" + (work / "cli.log").string() + "' 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << file_bytes(work / "cli.log");
  {
    HubProcess hub(store, 0, work);  // logs to work/hub.log
    auto access = v1::AccessService::NewStub(services::make_hub_channel("127.0.0.1:" + std::to_string(hub.port())));
    for (const std::string& attempt : {password + "x", password, std::string("head-admin"), password}) {
      grpc::ClientContext context;
      v1::LoginRequest request;
      request.set_user_name(attempt == "head-admin" ? password : "head-admin");  // a password typed as the name too
      request.set_password(attempt);
      v1::LoginResponse response;
      const auto status = access->Login(&context, request, &response);
      if (attempt == password && request.user_name() == "head-admin") {
        EXPECT_TRUE(status.ok()) << status.error_message();
      }
    }
    EXPECT_EQ(hub.terminate(), 0);
  }
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(work)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    EXPECT_EQ(file_bytes(entry.path()).find(password), std::string::npos) << "the password is in " << entry.path();
  }
  EXPECT_GE(files, 3U) << "the database, the hub's log and the command line's output";
  EXPECT_NE(file_bytes(work / "hub.db").find("$argon2id$"), std::string::npos) << "an argon2id hash is stored";
  std::filesystem::remove_all(work);
}

}  // namespace
}  // namespace runform::testing
