// A kiosk's credential: enrolment (a one-time code from an admin exchanged for the kiosk's own
// long random token, over TLS) and the token file it is kept in (owner-only, 0600). Proto-free,
// so the kiosk app and the command line use it without seeing wire types.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace runform::services {

/// Enrolment or the token file failed; the message says what to do.
class CredentialError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What enrolment gave the kiosk.
struct KioskCredential {
  std::string kiosk_token;
  std::string kiosk_id;
  std::string station_id;  ///< the station the code was issued for: the kiosk uploads as it
};

/// Exchanges an enrolment code for this kiosk's credential at the hub (host:port), trusting the
/// club CA in ca_file (empty: plaintext, loopback hubs only). Throws CredentialError.
KioskCredential enrol_kiosk(const std::string& hub_target, const std::string& ca_file, const std::string& code,
                            const std::string& kiosk_id);

/// Writes the credential (token, kiosk id, station id: one a line) to path, readable by the owner
/// only (0600), replacing the file atomically.
void save_kiosk_credential(const std::filesystem::path& path, const KioskCredential& credential);
/// Reads a credential file; refuses one that others may read (it holds a password). Throws
/// CredentialError saying how to enrol or fix the permissions.
KioskCredential load_kiosk_credential(const std::filesystem::path& path);

}  // namespace runform::services
