// The reference that stands for an erased athlete in the erased-athletes list, which stops a
// kiosk from uploading a session of theirs again: a keyed BLAKE2b hash of the athlete id
// (libsodium crypto_generichash). The key is a random secret of the database, the same for every
// hub of a club, so the reference is stable and cannot be computed from an id without that key.
// It never leaves the hub: logs and the audit log get a fresh random reference per event.
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

/// A fresh random reference for one export or erasure ("ref-" + 16 hex): it ties that event's
/// log lines, audit entry and answer together and says nothing about whom it concerned.
std::string new_event_reference();

}  // namespace runform::services
