#include "services/client/session_recording.h"

#include <cmath>

#include "services/client/form_encoding.h"

namespace runform::services {

std::string software_version() { return "runform-kiosk 0.1.0"; }

RecordedSession record_session(const form::TrackHeader& header, const std::vector<form::PoseFrame>& frames,
                               const form::EngineConfig& config, const form::CoachingCatalog& catalog,
                               const SessionIdentity& identity) {
  form::EngineConfig engine_config = config;
  if (engine_config.view == form::View::kAuto) engine_config.view = header.view;
  form::FormEngine engine(engine_config, catalog.cues);
  RecordedSession out;
  out.frames.reserve(frames.size());
  std::size_t strides_seen = 0;
  for (const auto& frame : frames) {
    const form::FrameResult& result = engine.process(frame);
    v1::FrameRecord record =
        encode_frame(frame, std::llround(frame.t_s * 1e6), header.width_px, header.height_px);
    if (engine.strides().size() != strides_seen) {
      strides_seen = engine.strides().size();
      attach_metrics(record, engine.current_metrics(), engine.current_scores());
    }
    for (const auto& event : result.cue_events) attach_cue(record, event);
    out.frames.push_back(std::move(record));
  }
  v1::SessionStart& start = out.start;
  start.set_session_id(identity.session_id);
  start.set_kiosk_id(identity.kiosk_id);
  start.set_station_id(identity.station_id);
  start.set_athlete_id(identity.athlete_id);
  start.set_athlete_name(identity.athlete_name);
  start.set_view(engine.view() == form::View::kSide ? v1::VIEW_SIDE : v1::VIEW_FRONT);
  if (engine.baseline()) *start.mutable_baseline() = encode_baseline(*engine.baseline());
  start.set_software_version(software_version());
  start.set_started_unix_ms(identity.started_unix_ms);
  start.set_image_width_px(static_cast<std::uint32_t>(header.width_px));
  start.set_image_height_px(static_cast<std::uint32_t>(header.height_px));
  start.set_fps(static_cast<std::uint32_t>(std::lround(header.fps)));
  out.summary = encode_summary(form::summarize(engine, catalog));
  return out;
}

}  // namespace runform::services
