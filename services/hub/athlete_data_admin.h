// What `runform-hub admin export-athlete` and `admin erase-athlete` do, on the hub's database
// directly (the admin command line runs on the hub machine, like creating the first admin):
// the same export file and the same one-transaction erasure as AthleteDataService. A hub running
// on the same database refuses a resent erased session from then on (the erased-athletes record
// is in the database); a session of the athlete streaming through it at that moment fails its
// next commit (its session is gone) and is refused when the kiosk reconnects.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

#include "runform/v1/athlete_data.pb.h"
#include "services/store/session_store.h"

namespace runform::services {

/// Writes the athlete's export to `out_file` (through a temporary file renamed at the end, so
/// a failed export leaves no half file), reporting progress on `progress` (a line per session).
/// nullopt when the hub holds nothing about the athlete (no file is made). Throws StoreError or
/// std::runtime_error (cannot write; the message names the file).
std::optional<v1::ExportEnd> export_athlete_to_file(SessionStore& store, const std::string& athlete_id,
                                                    const std::filesystem::path& out_file, std::ostream& progress);

/// Erases the athlete in one transaction. nullopt when the hub holds nothing about them. The
/// result's reference is a fresh random one (for the audit log), never the id. Throws StoreError.
struct LocalErasure {
  ErasureCounts counts;
  std::string reference;
  std::int64_t erased_unix_ms = 0;
};
std::optional<LocalErasure> erase_athlete_locally(SessionStore& store, const std::string& athlete_id);

}  // namespace runform::services
