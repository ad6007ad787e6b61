#include "services/hub/athlete_data_admin.h"

#include <fstream>
#include <stdexcept>
#include <system_error>

#include "services/hub/athlete_export_file.h"
#include "services/hub/athlete_reference.h"
#include "services/store/unix_time.h"

namespace runform::services {

std::optional<v1::ExportEnd> export_athlete_to_file(SessionStore& store, const std::string& athlete_id,
                                                    const std::filesystem::path& out_file, std::ostream& progress) {
  const std::filesystem::path temp = out_file.string() + ".partial";
  std::optional<v1::ExportEnd> totals;
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write '" + temp.string() + "': check the folder exists and is writable");
    try {
      totals = write_athlete_export(store, athlete_id, now_unix_ms(), out,
                                    [&](std::uint32_t done, std::uint32_t total, std::uint64_t frames) {
                                      progress << "exported session " << done << " of " << total << " (" << frames
                                               << " frames so far)\n"
                                               << std::flush;
                                    });
    } catch (...) {
      out.close();
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      throw;
    }
  }
  if (!totals) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return std::nullopt;
  }
  std::error_code error;
  std::filesystem::rename(temp, out_file, error);
  if (error) throw std::runtime_error("cannot write '" + out_file.string() + "': " + error.message());
  return totals;
}

std::optional<LocalErasure> erase_athlete_locally(SessionStore& store, const std::string& athlete_id) {
  SessionFilter filter;
  filter.athlete_id = athlete_id;
  if (athlete_id.empty() || store.list_sessions(filter, std::nullopt, 1).empty()) return std::nullopt;
  const AthleteReferences refs(store);
  LocalErasure erasure;
  erasure.erased_unix_ms = now_unix_ms();
  erasure.reference = new_event_reference();
  erasure.counts = store.erase_athlete(athlete_id, refs.of(athlete_id), erasure.erased_unix_ms);
  return erasure;
}

}  // namespace runform::services
