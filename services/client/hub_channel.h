// The channel kiosks and coach tools use to reach the hub: TLS against the club's CA (or
// plaintext to a loopback hub, asked for by name), an optional bearer token sent with every call,
// keepalive pings so a dead hub or network is noticed within seconds, and a short reconnect
// backoff so a restarted hub is found again quickly (gRPC's default backoff grows to two minutes).
#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/support/channel_arguments.h>

#include <memory>
#include <string>

namespace runform::services {

/// How to reach the hub.
struct HubChannelOptions {
  /// The club CA's certificate (PEM file, from deploy/make-club-certs.sh): the hub's certificate
  /// must chain to it and name the host in the target. Empty: plaintext, loopback targets only.
  std::string ca_file;
  /// Checked against the hub's certificate instead of the target's host (for a hub reached by IP
  /// whose certificate names it by host name). Empty: the target's host.
  std::string server_name;
  /// Sent as "authorization: Bearer <token>" metadata on every call; empty sends none.
  std::string token;
};

/// A channel to host:port. Throws std::invalid_argument when plaintext is asked for a target that
/// is not loopback, or the CA file cannot be read; the message says what to give instead.
std::shared_ptr<grpc::Channel> make_hub_channel(const std::string& target, const HubChannelOptions& options);

/// The channel arguments every hub channel uses (keepalive, quick reconnects, one connection
/// per channel), for callers that build a channel of their own (tests with interceptors).
grpc::ChannelArguments hub_channel_arguments();

/// A plaintext channel to a hub on this machine (tests, the in-process demo): the same as
/// make_hub_channel(target, {}), so a target that is not loopback throws.
std::shared_ptr<grpc::Channel> make_hub_channel(const std::string& target);

}  // namespace runform::services
