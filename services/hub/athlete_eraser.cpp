#include "services/hub/athlete_eraser.h"

#include <unordered_set>
#include <vector>

#include "services/hub/ingest_service.h"

namespace runform::services {

namespace {

constexpr std::size_t kListPage = 500;

// Every session id of the athlete in the store, paged (ids only are kept).
std::vector<std::string> stored_session_ids(SessionStore& store, const std::string& athlete_id) {
  std::vector<std::string> ids;
  SessionFilter filter;
  filter.athlete_id = athlete_id;
  std::optional<SessionCursor> after;
  while (true) {
    const auto page = store.list_sessions(filter, after, kListPage);
    for (const auto& row : page) ids.push_back(row.session_id);
    if (page.size() < kListPage) return ids;
    after = SessionCursor{page.back().started_unix_ms, page.back().session_id};
  }
}

}  // namespace

grpc::Status AthleteEraser::erase(const std::string& athlete_id, std::int64_t erased_unix_ms, ErasureResult& result) {
  result = {};
  result.erasure_ref = new_event_reference();
  result.erased_unix_ms = erased_unix_ms;
  const auto plan = core_.registry.begin_erasure(athlete_id);
  // Whatever happens below, claims of the athlete are judged normally again afterwards.
  struct EndErasure {
    SessionRegistry& registry;
    const std::string& athlete_id;
    ~EndErasure() { registry.end_erasure(athlete_id); }
  } end_erasure{core_.registry, athlete_id};

  std::vector<const void*> streams(plan.streams.begin(), plan.streams.end());
  result.streams_ended = static_cast<std::uint32_t>(ingest_.end_streams(
      streams, {grpc::StatusCode::ABORTED,
                "a session on this stream was erased with its athlete's data; reconnect (the hub tells this kiosk "
                "to drop the erased session)"}));
  core_.committer.flush();

  std::vector<std::string> ids;
  std::vector<std::string> owned;  // club-wide ownership taken for the erasure, given back after
  const auto give_back = [&] {
    for (const auto& id : owned) {
      try {
        core_.store.release_ownership(id);
      } catch (const StoreError&) {
        // Unlocking fails only with the connection gone, and the lock went with it.
      }
    }
    owned.clear();
  };
  try {
    ids = stored_session_ids(core_.store, athlete_id);
    if (ids.empty()) {
      return {grpc::StatusCode::NOT_FOUND, "the hub holds no data about athlete '" + athlete_id + "'"};
    }
    if (core_.store.shared_by_hubs()) {
      for (const auto& id : ids) {
        if (!core_.store.acquire_ownership(id)) {
          give_back();
          return {grpc::StatusCode::FAILED_PRECONDITION,
                  "a session of this athlete is streaming through another hub of the club right now; erase again "
                  "once it has ended (nothing was erased)"};
        }
        owned.push_back(id);
      }
    }
    result.counts = core_.store.erase_athlete(athlete_id, refs_.of(athlete_id), erased_unix_ms);
    give_back();
  } catch (const StoreError& e) {
    give_back();
    return {grpc::StatusCode::UNAVAILABLE, std::string("storage: ") + e.what() + "; nothing was erased, try again"};
  }
  std::unordered_set<std::string> gone(ids.begin(), ids.end());
  gone.insert(plan.session_ids.begin(), plan.session_ids.end());
  core_.live.forget_sessions(gone);
  return grpc::Status::OK;
}

}  // namespace runform::services
