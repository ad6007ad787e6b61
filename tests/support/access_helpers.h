// Test helpers for the hub's access rules: accounts, person tokens and enrolled kiosks made
// straight in a hub's access store (no argon2id wait, no Login round trip), and channels that
// carry the right token for each call.
#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "runform/v1/access.pb.h"
#include "services/store/access_store.h"

namespace runform::testing {

/// Creates an account (password hashed at the fastest cost) and returns a valid token for it.
std::string person_token(services::AccessStore& access, const std::string& user_name, v1::Role role,
                         const std::string& password = "correct horse battery staple");
/// Enrols a kiosk for a station through a fresh one-time code; returns its credential (`token`
/// if given, so a station can be configured with it before the hub exists).
std::string kiosk_token(services::AccessStore& access, const std::string& station_id, const std::string& kiosk_id,
                        const std::string& token = {});

/// A plaintext loopback channel that sends `ingest_token` on KioskIngest calls and
/// `person_token` on every other call (either may be empty: nothing is sent).
std::shared_ptr<grpc::Channel> token_channel(const std::string& target, const std::string& person_token,
                                             const std::string& ingest_token);

}  // namespace runform::testing
