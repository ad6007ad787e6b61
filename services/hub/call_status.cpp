#include "services/hub/call_status.h"

#include <exception>
#include <string>

#include "services/store/session_store.h"

namespace runform::services {

grpc::Status status_of_current_exception() {
  try {
    throw;
  } catch (const StoreError& e) {
    return {grpc::StatusCode::UNAVAILABLE, std::string("storage: ") + e.what()};
  } catch (const std::exception& e) {
    return {grpc::StatusCode::INTERNAL, std::string("the hub failed on this request: ") + e.what()};
  } catch (...) {
    return {grpc::StatusCode::INTERNAL, "the hub failed on this request: unknown exception"};
  }
}

}  // namespace runform::services
