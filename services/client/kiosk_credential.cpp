#include "services/client/kiosk_credential.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <grpcpp/client_context.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>

#include "runform/v1/access.grpc.pb.h"
#include "services/client/hub_channel.h"

namespace runform::services {

namespace {
constexpr auto kEnrolDeadline = std::chrono::seconds(20);
}  // namespace

KioskCredential enrol_kiosk(const std::string& hub_target, const std::string& ca_file, const std::string& code,
                            const std::string& kiosk_id) {
  std::shared_ptr<grpc::Channel> channel;
  try {
    channel = make_hub_channel(hub_target, {ca_file, "", ""});
  } catch (const std::invalid_argument& e) {
    throw CredentialError(e.what());
  }
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kEnrolDeadline);
  context.set_wait_for_ready(true);  // a hub still starting is waited for, up to the deadline
  v1::EnrollKioskRequest request;
  request.set_enrolment_code(code);
  request.set_kiosk_id(kiosk_id);
  v1::EnrollKioskResponse response;
  const grpc::Status status = v1::AccessService::NewStub(channel)->EnrollKiosk(&context, request, &response);
  if (!status.ok()) {
    throw CredentialError("enrolment at " + hub_target + " failed: " + status.error_message() +
                          (status.error_code() == grpc::StatusCode::UNAVAILABLE
                               ? " (is the hub running, and is --hub-ca the club's ca.crt?)"
                               : ""));
  }
  return {response.kiosk_token(), response.kiosk_id(), response.station_id()};
}

void save_kiosk_credential(const std::filesystem::path& path, const KioskCredential& credential) {
  const std::string temp = path.string() + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw CredentialError("cannot write '" + temp + "': " + std::strerror(errno));
  ::fchmod(fd, 0600);  // also when the file was there before with wider permissions
  const std::string line = credential.kiosk_token + "\n" + credential.kiosk_id + "\n" + credential.station_id + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written || std::rename(temp.c_str(), path.c_str()) != 0) {
    throw CredentialError("cannot write the kiosk token to '" + path.string() + "': " + std::strerror(errno));
  }
}

KioskCredential load_kiosk_credential(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw CredentialError("no kiosk token at '" + path.string() +
                          "': enrol this kiosk first (--enrolment-code CODE from 'runform-hub admin "
                          "issue-enrolment-code')");
  }
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    throw CredentialError("the kiosk token file '" + path.string() +
                          "' may be read by others: run 'chmod 600 " + path.string() + "'");
  }
  std::ifstream in(path);
  KioskCredential credential;
  std::getline(in, credential.kiosk_token);
  std::getline(in, credential.kiosk_id);
  std::getline(in, credential.station_id);
  if (credential.kiosk_token.empty() || credential.kiosk_id.empty() || credential.station_id.empty()) {
    throw CredentialError("the kiosk token file '" + path.string() + "' is incomplete: enrol again");
  }
  return credential;
}

}  // namespace runform::services
