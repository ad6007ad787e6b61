#include "services/client/hub_refusal.h"

namespace runform::services {

RefusalKind classify_refusal(grpc::StatusCode code, bool names_session) {
  switch (code) {
    case grpc::StatusCode::UNIMPLEMENTED:
      return RefusalKind::kHubTooOld;
    case grpc::StatusCode::UNAUTHENTICATED:
      return RefusalKind::kCredential;
    case grpc::StatusCode::PERMISSION_DENIED:
      // Named: the session was recorded under another kiosk or station than this credential's
      // (its data). Unnamed: the credential itself (revoked, or not allowed to upload).
      return names_session ? RefusalKind::kSession : RefusalKind::kCredential;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::FAILED_PRECONDITION:
      return names_session ? RefusalKind::kSession : RefusalKind::kUnattributed;
    default:
      return RefusalKind::kTransient;
  }
}

}  // namespace runform::services
