#include "services/hub/hub_transport.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "services/net/loopback_address.h"

namespace runform::services {

namespace {

std::string read_pem(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  if (in) text << in.rdbuf();
  if (!in || text.str().find("-----BEGIN ") == std::string::npos) {
    throw std::runtime_error(std::string("cannot read the hub's TLS ") + what + " '" + path +
                             "' (a PEM file; make one with deploy/make-club-certs.sh)");
  }
  return text.str();
}

}  // namespace

std::shared_ptr<grpc::ServerCredentials> hub_listener_credentials(const std::string& address, const HubTls& tls,
                                                                  bool insecure_loopback) {
  const bool has_tls = !tls.cert_file.empty() || !tls.key_file.empty();
  if (has_tls && insecure_loopback) {
    throw std::runtime_error("give either TLS files (--tls-cert/--tls-key) or --insecure-loopback, not both");
  }
  if (has_tls) {
    if (tls.cert_file.empty() || tls.key_file.empty()) {
      throw std::runtime_error("TLS needs both the certificate (--tls-cert) and its key (--tls-key)");
    }
    grpc::SslServerCredentialsOptions options(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
    options.pem_key_cert_pairs.push_back({read_pem(tls.key_file, "key"), read_pem(tls.cert_file, "certificate")});
    return grpc::SslServerCredentials(options);
  }
  if (!insecure_loopback) {
    throw std::runtime_error(
        "the hub serves TLS only: give --tls-cert FILE and --tls-key FILE (make them with "
        "deploy/make-club-certs.sh), or --insecure-loopback for a plaintext hub reachable from this machine only");
  }
  if (!is_loopback_address(address)) {
    throw std::runtime_error("--insecure-loopback serves plaintext on loopback only (127.0.0.1, [::1], localhost), not on '" +
                             address + "'; give --tls-cert and --tls-key to serve the club network");
  }
  return grpc::InsecureServerCredentials();
}

}  // namespace runform::services
