// SinkServer: a plain KioskIngest endpoint with no storage — it answers opens with Resume 1,
// acknowledges every chunk at once and confirms closes. The load generator measures the hub's
// ingest against it in the same run, to show what durability costs.
#pragma once

#include <grpcpp/server.h>

#include <memory>
#include <string>

namespace runform::loadgen {

/// Serves the sink on address until SIGINT/SIGTERM; writes the bound port to port_file.
int run_sink_server(const std::string& address, const std::string& port_file);

}  // namespace runform::loadgen
