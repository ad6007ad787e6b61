// The status a hub call ends with when its handler throws: one mapping for every service.
#pragma once

#include <grpcpp/support/status.h>

namespace runform::services {

/// For an exception caught at the edge of a call; call only inside a catch block. Storage failures
/// are UNAVAILABLE (the request may succeed later); anything else is the hub's own fault (INTERNAL).
grpc::Status status_of_current_exception();

}  // namespace runform::services
