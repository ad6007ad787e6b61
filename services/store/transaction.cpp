#include "services/store/transaction.h"

#include <string>

#include "services/store/session_store.h"

namespace runform::services {

void rethrow_after_rollback(std::exception_ptr original, const std::function<void()>& rollback) {
  std::string rollback_error;
  try {
    rollback();
  } catch (const std::exception& e) {
    rollback_error = e.what();
  } catch (...) {
    rollback_error = "unknown exception";
  }
  if (rollback_error.empty()) std::rethrow_exception(original);
  try {
    std::rethrow_exception(original);
  } catch (const StoreError& e) {
    throw StoreError(std::string(e.what()) + " (and rolling back failed too: " + rollback_error + ")");
  }
}

}  // namespace runform::services
