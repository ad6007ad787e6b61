// TLS for real: certificates made by deploy/make-club-certs.sh, a hub serving them, and clients
// that trust the right CA, the wrong CA, or none. Also: the hub never serves plaintext unless told
// to, and then only on loopback.
#include <gtest/gtest.h>

#include <grpcpp/client_context.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "services/client/hub_channel.h"
#include "services/net/loopback_address.h"
#include "support/hub_harness.h"

namespace runform::testing {
namespace {

namespace fs = std::filesystem;

// Runs deploy/make-club-certs.sh; the CA in `dir` is made on the first run and reused after.
void make_certs(const fs::path& dir, const std::string& extra_args = "") {
  const std::string command = std::string(RUNFORM_DEPLOY_DIR) + "/make-club-certs.sh '" + dir.string() +
                              "' --host localhost --ip 127.0.0.1 " + extra_args + " >/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

class HubTls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = fs::temp_directory_path() / ("runform-tls-test-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    make_certs(root_ / "club");
    make_certs(root_ / "other-club");  // a different CA that also makes a valid-looking hub certificate
    fs::create_directories(root_ / "expired");
    fs::copy_file(root_ / "club" / "ca.crt", root_ / "expired" / "ca.crt");
    fs::copy_file(root_ / "club" / "ca.key", root_ / "expired" / "ca.key");
    make_certs(root_ / "expired", "--days -1");  // signed by the club CA, expired yesterday
  }
  static void TearDownTestSuite() { fs::remove_all(root_); }

  static services::HubOptions tls_options(const std::string& cert_dir) {
    services::HubOptions options = HubUnderTest::fast_options();
    options.insecure_loopback = false;
    options.tls = {(root_ / cert_dir / "hub.crt").string(), (root_ / cert_dir / "hub.key").string()};
    return options;
  }

  // One unary call with a deadline; the handshake decides the outcome.
  static grpc::Status list_athletes(const std::shared_ptr<grpc::Channel>& channel) {
    auto coach = v1::CoachService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::ListAthletesResponse response;
    return coach->ListAthletes(&context, {}, &response);
  }

  static services::HubChannelOptions trusting(const std::string& ca_dir, const std::string& token = {}) {
    return {(root_ / ca_dir / "ca.crt").string(), "", token};
  }

  static inline fs::path root_;
};

TEST_F(HubTls, ClientTrustingTheClubCaIsServedByHostNameAndByAddress) {
  HubUnderTest hub(Backend::kSqlite, tls_options("club"));
  const std::string port = std::to_string(hub.hub().port());
  // Signed in, over TLS, both ways of naming the hub are served.
  const std::string token = hub.staff_token();
  EXPECT_TRUE(list_athletes(services::make_hub_channel("localhost:" + port, trusting("club", token))).ok());
  EXPECT_TRUE(list_athletes(services::make_hub_channel("127.0.0.1:" + port, trusting("club", token))).ok());
}

TEST_F(HubTls, ClientTrustingAnotherCaIsRefused) {
  HubUnderTest hub(Backend::kSqlite, tls_options("club"));
  const auto status =
      list_athletes(services::make_hub_channel("localhost:" + std::to_string(hub.hub().port()), trusting("other-club")));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
}

TEST_F(HubTls, ExpiredHubCertificateIsRefused) {
  HubUnderTest hub(Backend::kSqlite, tls_options("expired"));
  const auto status =
      list_athletes(services::make_hub_channel("localhost:" + std::to_string(hub.hub().port()), trusting("club")));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
}

TEST_F(HubTls, CertificateForAnotherNameIsRefused) {
  HubUnderTest hub(Backend::kSqlite, tls_options("club"));
  services::HubChannelOptions options = trusting("club");
  options.server_name = "hub.other-club.example";  // not in the certificate's names
  const auto status =
      list_athletes(services::make_hub_channel("127.0.0.1:" + std::to_string(hub.hub().port()), options));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
}

TEST_F(HubTls, PlaintextToTheTlsPortFails) {
  HubUnderTest hub(Backend::kSqlite, tls_options("club"));
  const auto status = list_athletes(services::make_hub_channel("127.0.0.1:" + std::to_string(hub.hub().port())));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_EQ(hub.hub().stats().commits.frames, 0U);
}

TEST_F(HubTls, HubWithoutTlsOrTheExplicitFlagDoesNotStart) {
  services::HubOptions options = HubUnderTest::fast_options();
  options.insecure_loopback = false;
  try {
    HubUnderTest hub(Backend::kSqlite, options);
    FAIL() << "a hub started without TLS and without insecure_loopback";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("--tls-cert"), std::string::npos) << e.what();
  }
}

TEST_F(HubTls, PlaintextIsRefusedOffLoopbackEvenWithTheFlag) {
  services::HubOptions options = HubUnderTest::fast_options();
  options.address = "0.0.0.0:0";
  EXPECT_THROW(HubUnderTest(Backend::kSqlite, options), std::runtime_error);
}

TEST_F(HubTls, TlsAndPlaintextTogetherAreRefused) {
  services::HubOptions options = tls_options("club");
  options.insecure_loopback = true;
  EXPECT_THROW(HubUnderTest(Backend::kSqlite, options), std::runtime_error);
}

TEST_F(HubTls, UnreadableCertificateIsRefusedWithItsPath) {
  services::HubOptions options = tls_options("club");
  options.tls.cert_file = (root_ / "missing.crt").string();
  try {
    HubUnderTest hub(Backend::kSqlite, options);
    FAIL() << "a hub started with a missing certificate";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("missing.crt"), std::string::npos) << e.what();
  }
}

TEST_F(HubTls, ClientRefusesPlaintextToAHubOffThisMachine) {
  EXPECT_THROW(services::make_hub_channel("192.0.2.10:50051"), std::invalid_argument);
  EXPECT_THROW(services::make_hub_channel("hub.club.example:50051"), std::invalid_argument);
  EXPECT_THROW(services::make_hub_channel("localhost:1", {(root_ / "missing-ca.crt").string(), "", ""}),
               std::invalid_argument);
}

TEST_F(HubTls, HubProcessRefusesToStartWithoutTls) {
  const fs::path log = root_ / "refused.log";
  const std::string command = std::string(RUNFORM_HUB_BIN) + " --address 127.0.0.1:0 --store sqlite:" +
                              (root_ / "refused.db").string() + " >" + log.string() + " 2>&1";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_NE(WEXITSTATUS(status), 0);
  std::stringstream text;
  text << std::ifstream(log).rdbuf();
  EXPECT_NE(text.str().find("--insecure-loopback"), std::string::npos) << text.str();
}

TEST(LoopbackAddress, OnlyThisMachineCounts) {
  for (const char* yes : {"127.0.0.1:50051", "127.1.2.3:0", "localhost:1", "[::1]:50051", "unix:/tmp/hub.sock",
                          "ipv4:127.0.0.1:5", "dns:///localhost:5", "ipv4:127.0.0.1:5,127.0.0.1:6"}) {
    EXPECT_TRUE(services::is_loopback_address(yes)) << yes;
  }
  for (const char* no : {"0.0.0.0:50051", "[::]:50051", "192.168.1.4:50051", "hub.local:50051", "127.0.0.1.evil.com:1",
                         "localhost.evil.com:1", "[::1", "127.0.0:1", "1270.0.0.1:1",
                         "ipv4:127.0.0.1:5,192.168.1.4:6", "ipv4:", "ipv4:127.0.0.1:5,"}) {
    EXPECT_FALSE(services::is_loopback_address(no)) << no;
  }
}

}  // namespace
}  // namespace runform::testing
