// The channel kiosks and coach tools use to reach the hub: keepalive pings so a dead hub or
// network is noticed within seconds, and a short reconnect backoff so a restarted hub is found
// again quickly (gRPC's default backoff grows to two minutes).
#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>

namespace runform::services {

/// A channel to host:port with RunForm's keepalive and reconnect settings.
std::shared_ptr<grpc::Channel> make_hub_channel(const std::string& target);

}  // namespace runform::services
