// The opaque reference that stands for an athlete wherever the hub must remember one without
// keeping their id: the audit log's record of an export or erasure, and the erased-athletes list
// that stops a kiosk from uploading an erased session again. It is a keyed BLAKE2b hash of the
// athlete id (libsodium crypto_generichash); the key is a random secret of the database, the
// same for every hub of a club, so the reference is stable and cannot be computed from an id
// without that key.
#pragma once

#include <string>
#include <string_view>

#include "services/store/session_store.h"

namespace runform::services {

class AthleteReferences {
 public:
  /// Loads the database's key, making it on first use. Throws StoreError.
  explicit AthleteReferences(SessionStore& store);

  /// 32 hex characters standing for the athlete; the same id always gives the same reference.
  [[nodiscard]] std::string of(std::string_view athlete_id) const;

 private:
  std::string key_;
};

}  // namespace runform::services
