// How the hub listens: TLS by default (the club's certificate and key, PEM files made by
// deploy/make-club-certs.sh), plaintext only on loopback and only when asked for by name.
#pragma once

#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

namespace runform::services {

/// The hub's TLS identity: PEM files. Both empty means "no TLS configured".
struct HubTls {
  std::string cert_file;  ///< the hub's certificate chain (leaf first), signed by the club CA
  std::string key_file;   ///< its private key
};

/// Credentials for the listener at `address`. With TLS files: TLS (the files are read now). With
/// none: plaintext, but only if `insecure_loopback` is set and the address is loopback. Anything
/// else throws std::runtime_error saying which flags to give.
std::shared_ptr<grpc::ServerCredentials> hub_listener_credentials(const std::string& address, const HubTls& tls,
                                                                  bool insecure_loopback);

}  // namespace runform::services
