#include "report/json_export.h"

#include <nlohmann/json.hpp>

namespace runform::report {
namespace {

using nlohmann::json;
using services::CoachAnnotation;
using services::CoachCue;
using services::CoachFrame;
using services::CoachScores;
using services::CoachSession;
using services::CoachSummary;

constexpr int kFormatVersion = 1;

json optional_json(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
std::optional<double> optional_of(const json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<double>();
}

form::MetricId metric_of(const std::string& key) {
  const auto id = form::metric_from_key(key);
  if (!id) throw JsonExportError("unknown metric '" + key + "'");
  return *id;
}

json scores_json(const CoachScores& s) {
  return {{"head", optional_json(s.head)},
          {"shoulders", optional_json(s.shoulders)},
          {"arms", optional_json(s.arms)},
          {"overall", optional_json(s.overall)}};
}
CoachScores scores_of(const json& j) {
  return {optional_of(j.at("head")), optional_of(j.at("shoulders")), optional_of(j.at("arms")),
          optional_of(j.at("overall"))};
}

json metrics_json(const std::vector<services::CoachMetricValue>& metrics) {
  json out = json::array();
  for (const auto& m : metrics) out.push_back({{"metric", form::info(m.metric).key}, {"value", m.value}});
  return out;
}
std::vector<services::CoachMetricValue> metrics_of(const json& j) {
  std::vector<services::CoachMetricValue> out;
  for (const json& m : j) out.push_back({metric_of(m.at("metric").get<std::string>()), m.at("value").get<double>()});
  return out;
}

const char* view_name(form::View view) {
  return view == form::View::kFront ? "front" : view == form::View::kSide ? "side" : "unknown";
}
form::View view_of(const std::string& text) {
  if (text == "front") return form::View::kFront;
  if (text == "side") return form::View::kSide;
  return form::View::kAuto;
}

json summary_json(const CoachSummary& s) {
  json faults = json::array();
  for (form::MetricId f : s.faults) faults.push_back(form::info(f).key);
  json drift = json::array();
  for (const auto& d : s.drift) {
    drift.push_back({{"metric", form::info(d.metric).key}, {"first", d.first}, {"last", d.last},
                     {"flagged", d.flagged}, {"message", d.message}});
  }
  json worst = json::array();
  for (const auto& w : s.worst_moments) {
    worst.push_back({{"t_us", w.t_us}, {"overall_score", w.overall_score},
                     {"worst_metric", w.worst_metric ? json(form::info(*w.worst_metric).key) : json(nullptr)}});
  }
  return {{"strides", s.strides},         {"running_s", s.running_s},         {"holding_rails_s", s.holding_rails_s},
          {"metrics", metrics_json(s.metrics)}, {"scores", scores_json(s.scores)}, {"faults", faults},
          {"drift", drift},                {"worst_moments", worst},          {"drill_ids", s.drill_ids},
          {"interrupted", s.interrupted}};
}
CoachSummary summary_of(const json& j) {
  CoachSummary s;
  s.strides = j.at("strides").get<std::uint32_t>();
  s.running_s = j.at("running_s").get<double>();
  s.holding_rails_s = j.at("holding_rails_s").get<double>();
  s.metrics = metrics_of(j.at("metrics"));
  s.scores = scores_of(j.at("scores"));
  for (const json& f : j.at("faults")) s.faults.push_back(metric_of(f.get<std::string>()));
  for (const json& d : j.at("drift")) {
    s.drift.push_back({metric_of(d.at("metric").get<std::string>()), d.at("first").get<double>(),
                       d.at("last").get<double>(), d.at("flagged").get<bool>(), d.at("message").get<std::string>()});
  }
  for (const json& w : j.at("worst_moments")) {
    s.worst_moments.push_back({w.at("t_us").get<std::int64_t>(), w.at("overall_score").get<double>(),
                               w.at("worst_metric").is_null()
                                   ? std::nullopt
                                   : std::optional(metric_of(w.at("worst_metric").get<std::string>()))});
  }
  s.drill_ids = j.at("drill_ids").get<std::vector<std::string>>();
  s.interrupted = j.at("interrupted").get<bool>();
  return s;
}

json session_json(const CoachSession& s) {
  return {{"session_id", s.session_id},
          {"kiosk_id", s.kiosk_id},
          {"station_id", s.station_id},
          {"athlete_id", s.athlete_id},
          {"athlete_name", s.athlete_name},
          {"view", view_name(s.view)},
          {"started_unix_ms", s.started_unix_ms},
          {"image_width_px", s.image_width_px},
          {"image_height_px", s.image_height_px},
          {"fps", s.fps},
          {"stored_seq", s.stored_seq},
          {"closed", s.closed},
          {"ended_unix_ms", s.ended_unix_ms},
          {"duration_us", s.duration_us},
          {"summary", s.summary ? summary_json(*s.summary) : json(nullptr)}};
}
CoachSession session_of(const json& j) {
  CoachSession s;
  s.session_id = j.at("session_id").get<std::string>();
  s.kiosk_id = j.at("kiosk_id").get<std::string>();
  s.station_id = j.at("station_id").get<std::string>();
  s.athlete_id = j.at("athlete_id").get<std::string>();
  s.athlete_name = j.at("athlete_name").get<std::string>();
  s.view = view_of(j.at("view").get<std::string>());
  s.started_unix_ms = j.at("started_unix_ms").get<std::int64_t>();
  s.image_width_px = j.at("image_width_px").get<int>();
  s.image_height_px = j.at("image_height_px").get<int>();
  s.fps = j.at("fps").get<int>();
  s.stored_seq = j.at("stored_seq").get<std::uint64_t>();
  s.closed = j.at("closed").get<bool>();
  s.ended_unix_ms = j.at("ended_unix_ms").get<std::int64_t>();
  s.duration_us = j.at("duration_us").get<std::int64_t>();
  if (!j.at("summary").is_null()) s.summary = summary_of(j.at("summary"));
  return s;
}

json notes_json(const std::vector<CoachAnnotation>& notes) {
  json out = json::array();
  for (const CoachAnnotation& a : notes) {
    out.push_back({{"annotation_id", a.annotation_id}, {"t_us", a.t_us},
                   {"kind", a.kind == CoachAnnotation::Kind::kBookmark ? "bookmark" : "note"},
                   {"author", a.author}, {"text", a.text}, {"created_unix_ms", a.created_unix_ms},
                   {"session_id", a.session_id}});
  }
  return out;
}
std::vector<CoachAnnotation> notes_of(const json& j) {
  std::vector<CoachAnnotation> out;
  for (const json& a : j) {
    CoachAnnotation n;
    n.annotation_id = a.at("annotation_id").get<std::int64_t>();
    n.t_us = a.at("t_us").get<std::int64_t>();
    n.kind = a.at("kind").get<std::string>() == "bookmark" ? CoachAnnotation::Kind::kBookmark : CoachAnnotation::Kind::kNote;
    n.author = a.at("author").get<std::string>();
    n.text = a.at("text").get<std::string>();
    n.created_unix_ms = a.at("created_unix_ms").get<std::int64_t>();
    n.session_id = a.at("session_id").get<std::string>();
    out.push_back(std::move(n));
  }
  return out;
}

const char* cue_kind(CoachCue::Kind kind) {
  return kind == CoachCue::Kind::kPositive ? "positive" : kind == CoachCue::Kind::kClear ? "clear" : "show";
}

json frame_json(const CoachFrame& f) {
  json keypoints = json::array();
  for (const form::Landmark& l : f.pose.keypoints) keypoints.push_back({l.x_px, l.y_px, l.confidence});
  json cues = json::array();
  for (const CoachCue& c : f.cues) cues.push_back({{"kind", cue_kind(c.kind)}, {"cue_id", c.cue_id}, {"text", c.text}});
  json out = {{"seq", f.seq}, {"t_us", f.t_us}, {"keypoints_xy_conf", keypoints}};
  if (!f.metrics.empty()) out["metrics"] = metrics_json(f.metrics);
  if (f.scores) out["scores"] = scores_json(*f.scores);
  if (!f.cues.empty()) out["cues"] = cues;
  return out;
}
CoachFrame frame_of(const json& j) {
  CoachFrame f;
  f.seq = j.at("seq").get<std::uint64_t>();
  f.t_us = j.at("t_us").get<std::int64_t>();
  f.pose.t_s = static_cast<double>(f.t_us) / 1e6;
  const json& k = j.at("keypoints_xy_conf");
  if (k.size() != form::kKeypointCount) throw JsonExportError("a frame has " + std::to_string(k.size()) + " keypoints, not 17");
  for (std::size_t i = 0; i < form::kKeypointCount; ++i) {
    f.pose.keypoints[i] = {k[i].at(0).get<double>(), k[i].at(1).get<double>(), k[i].at(2).get<double>()};
  }
  if (j.contains("metrics")) f.metrics = metrics_of(j.at("metrics"));
  if (j.contains("scores")) f.scores = scores_of(j.at("scores"));
  if (j.contains("cues")) {
    for (const json& c : j.at("cues")) {
      const std::string kind = c.at("kind").get<std::string>();
      f.cues.push_back({kind == "positive" ? CoachCue::Kind::kPositive
                        : kind == "clear"  ? CoachCue::Kind::kClear
                                           : CoachCue::Kind::kShow,
                        c.at("cue_id").get<std::string>(), c.at("text").get<std::string>()});
    }
  }
  return f;
}

json parse(std::istream& in, const char* kind) {
  try {
    json j = json::parse(in);
    if (j.value("format", "") != kind) throw JsonExportError(std::string("this is not a RunForm ") + kind + " export");
    return j;
  } catch (const json::exception& e) {
    throw JsonExportError(std::string("cannot read the ") + kind + " export: " + e.what());
  }
}

template <class F>
auto reading(const char* kind, F f) {
  try {
    return f();
  } catch (const json::exception& e) {
    throw JsonExportError(std::string("the ") + kind + " export is missing something: " + e.what());
  }
}

}  // namespace

void write_session_json(std::ostream& out, const SessionExport& data) {
  // Written frame by frame: an hour (108,000 frames) never sits in memory as one JSON tree.
  json head = {{"format", "runform-session"}, {"version", kFormatVersion}, {"session", session_json(data.session)},
               {"notes", notes_json(data.notes)}};
  std::string text = head.dump(1);
  text.pop_back();  // the closing brace; frames follow
  out << text << ",\n \"frames\": [";
  for (std::size_t i = 0; i < data.frames.size(); ++i) out << (i == 0 ? "\n  " : ",\n  ") << frame_json(data.frames[i]).dump();
  out << "\n ]\n}\n";
}

SessionExport read_session_json(std::istream& in) {
  const json j = parse(in, "runform-session");
  return reading("session", [&] {
    SessionExport data;
    data.session = session_of(j.at("session"));
    data.notes = notes_of(j.at("notes"));
    for (const json& f : j.at("frames")) data.frames.push_back(frame_of(f));
    return data;
  });
}

void write_athlete_json(std::ostream& out, const AthleteExport& data) {
  json sessions = json::array();
  for (std::size_t i = 0; i < data.sessions.size(); ++i) {
    json s = session_json(data.sessions[i]);
    s["notes"] = notes_json(i < data.notes.size() ? data.notes[i] : std::vector<CoachAnnotation>{});
    sessions.push_back(std::move(s));
  }
  const json out_json = {{"format", "runform-athlete"},
                         {"version", kFormatVersion},
                         {"athlete",
                          {{"athlete_id", data.athlete.athlete_id},
                           {"name", data.athlete.name},
                           {"session_count", data.athlete.session_count},
                           {"last_session_unix_ms", data.athlete.last_session_unix_ms}}},
                         {"sessions", sessions}};
  out << out_json.dump(1) << "\n";
}

AthleteExport read_athlete_json(std::istream& in) {
  const json j = parse(in, "runform-athlete");
  return reading("athlete", [&] {
    AthleteExport data;
    const json& a = j.at("athlete");
    data.athlete = {a.at("athlete_id").get<std::string>(), a.at("name").get<std::string>(),
                    a.at("session_count").get<std::uint32_t>(), a.at("last_session_unix_ms").get<std::int64_t>()};
    for (const json& s : j.at("sessions")) {
      data.sessions.push_back(session_of(s));
      data.notes.push_back(notes_of(s.at("notes")));
    }
    return data;
  });
}

}  // namespace runform::report
