#include "report/json_export.h"

#include <limits>
#include <nlohmann/json.hpp>

#include "report/export_names.h"

namespace runform::report {
namespace {

using nlohmann::json;
using services::CoachAnnotation;
using services::CoachCue;
using services::CoachFaultVerdict;
using services::CoachFrame;
using services::CoachScores;
using services::CoachSession;
using services::CoachSummary;
using services::CoachTimeSpan;

// Version 2 added the summary's fault verdicts, hands-on-rails spans and walking time. A version
// 1 document still reads: those come back empty (zero), as from a kiosk that never sent them.
constexpr int kFormatVersion = 2;
constexpr int kFirstVersionWithVerdicts = 2;

// One JSON object being read, with the path to it ("session.summary.fault_verdicts[1]"), so an
// error names the key a hand edit broke and says what it should hold.
class Node {
 public:
  Node(const json& j, std::string where) : j_(j), where_(std::move(where)) {
    if (!j_.is_object()) fail("", "an object");
  }
  [[nodiscard]] bool has(const char* key) const { return j_.contains(key); }
  [[nodiscard]] bool is_null(const char* key) const { return value(key).is_null(); }
  [[nodiscard]] Node object(const char* key) const { return {value(key), path(key)}; }
  // Each element of an array, as a path and its value.
  template <class F>
  void each(const char* key, F f) const {
    const json& a = value(key);
    if (!a.is_array()) fail(key, "an array");
    for (std::size_t i = 0; i < a.size(); ++i) f(a[i], path(key) + "[" + std::to_string(i) + "]");
  }
  [[nodiscard]] std::string text(const char* key) const {
    const json& v = value(key);
    if (!v.is_string()) fail(key, "a string");
    return v.get<std::string>();
  }
  [[nodiscard]] bool flag(const char* key) const {
    const json& v = value(key);
    if (!v.is_boolean()) fail(key, "true or false");
    return v.get<bool>();
  }
  [[nodiscard]] double number(const char* key) const {
    const json& v = value(key);
    if (!v.is_number()) fail(key, "a number");
    return v.get<double>();
  }
  [[nodiscard]] std::optional<double> optional_number(const char* key) const {
    if (is_null(key)) return std::nullopt;
    return number(key);
  }
  // A whole number that fits T: a negative count or a fraction is refused, never wrapped or cut.
  template <class T>
  [[nodiscard]] T integer(const char* key) const {
    const json& v = value(key);
    const bool fits = v.is_number_unsigned()  ? v.get<std::uint64_t>() <= std::uint64_t{std::numeric_limits<T>::max()}
                      : v.is_number_integer() ? v.get<std::int64_t>() >= std::int64_t{std::numeric_limits<T>::min()} &&
                                                    (v.get<std::int64_t>() < 0 ||
                                                     static_cast<std::uint64_t>(v.get<std::int64_t>()) <=
                                                         std::uint64_t{std::numeric_limits<T>::max()})
                                              : false;
    if (!fits) fail(key, std::numeric_limits<T>::is_signed ? "a whole number" : "a whole number 0 or more");
    return v.is_number_unsigned() ? static_cast<T>(v.get<std::uint64_t>()) : static_cast<T>(v.get<std::int64_t>());
  }
  // A word from one of export_names' tables.
  template <class F>
  [[nodiscard]] auto word(const char* key, F from_word) const {
    const std::string w = text(key);
    try {
      return from_word(w);
    } catch (const std::invalid_argument& e) {
      throw JsonExportError(path(key) + ": " + e.what());
    }
  }
  [[noreturn]] void fail(const std::string& key, const std::string& expected) const {
    const std::string at = key.empty() ? where_ : path(key);
    const json& v = key.empty() ? j_ : j_.at(key);
    throw JsonExportError(at + " should be " + expected + ", not " + v.dump());
  }
  [[nodiscard]] std::string path(const std::string& key) const { return where_.empty() ? key : where_ + "." + key; }

 private:
  const json& value(const char* key) const {
    const auto it = j_.find(key);
    if (it == j_.end()) throw JsonExportError(path(key) + " is missing");
    return *it;
  }
  const json& j_;
  std::string where_;
};

json optional_json(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json scores_json(const CoachScores& s) {
  return {{"head", optional_json(s.head)},
          {"shoulders", optional_json(s.shoulders)},
          {"arms", optional_json(s.arms)},
          {"overall", optional_json(s.overall)}};
}
CoachScores scores_of(const Node& n) {
  return {n.optional_number("head"), n.optional_number("shoulders"), n.optional_number("arms"),
          n.optional_number("overall")};
}

json metrics_json(const std::vector<services::CoachMetricValue>& metrics) {
  json out = json::array();
  for (const auto& m : metrics) out.push_back({{"metric", metric_word(m.metric)}, {"value", m.value}});
  return out;
}
std::vector<services::CoachMetricValue> metrics_of(const Node& n, const char* key) {
  std::vector<services::CoachMetricValue> out;
  n.each(key, [&](const json& j, const std::string& where) {
    const Node m(j, where);
    out.push_back({m.word("metric", metric_from_word), m.number("value")});
  });
  return out;
}

const char* view_json(form::View view) { return view == form::View::kAuto ? "unknown" : view_word(view); }

json spans_json(const std::vector<CoachTimeSpan>& spans) {
  json out = json::array();
  for (const CoachTimeSpan& s : spans) out.push_back({{"start_us", s.start_us}, {"end_us", s.end_us}});
  return out;
}
std::vector<CoachTimeSpan> spans_of(const Node& n, const char* key) {
  std::vector<CoachTimeSpan> out;
  n.each(key, [&](const json& j, const std::string& where) {
    const Node s(j, where);
    CoachTimeSpan span{s.integer<std::int64_t>("start_us"), s.integer<std::int64_t>("end_us")};
    if (span.end_us < span.start_us) s.fail("end_us", "at or after start_us (" + std::to_string(span.start_us) + ")");
    out.push_back(span);
  });
  return out;
}

json summary_json(const CoachSummary& s) {
  json faults = json::array();
  for (form::MetricId f : s.faults) faults.push_back(metric_word(f));
  json drift = json::array();
  for (const auto& d : s.drift) {
    drift.push_back({{"metric", metric_word(d.metric)}, {"first", d.first}, {"last", d.last},
                     {"flagged", d.flagged}, {"message", d.message}});
  }
  json worst = json::array();
  for (const auto& w : s.worst_moments) {
    worst.push_back({{"t_us", w.t_us}, {"overall_score", w.overall_score},
                     {"worst_metric", w.worst_metric ? json(metric_word(*w.worst_metric)) : json(nullptr)}});
  }
  json verdicts = json::array();
  for (const CoachFaultVerdict& v : s.fault_verdicts) {
    verdicts.push_back({{"metric", metric_word(v.metric)},
                        {"basis", basis_word(v.basis)},
                        {"share_of_running_strides", v.share},
                        {"developed_late", v.developed_late},
                        {"spans", spans_json(v.spans)}});
  }
  return {{"strides", s.strides},
          {"running_s", s.running_s},
          {"walking_s", s.walking_s},
          {"holding_rails_s", s.holding_rails_s},
          {"holding_rails_spans", spans_json(s.holding_rails_spans)},
          {"metrics", metrics_json(s.metrics)},
          {"scores", scores_json(s.scores)},
          {"faults", faults},
          {"fault_verdicts", verdicts},
          {"drift", drift},
          {"worst_moments", worst},
          {"drill_ids", s.drill_ids},
          {"interrupted", s.interrupted}};
}
CoachSummary summary_of(const Node& n, int version) {
  CoachSummary s;
  s.strides = n.integer<std::uint32_t>("strides");
  s.running_s = n.number("running_s");
  s.holding_rails_s = n.number("holding_rails_s");
  s.metrics = metrics_of(n, "metrics");
  s.scores = scores_of(n.object("scores"));
  n.each("faults", [&](const json& j, const std::string& where) {
    if (!j.is_string()) throw JsonExportError(where + " should be a metric id, not " + j.dump());
    try {
      s.faults.push_back(metric_from_word(j.get<std::string>()));
    } catch (const std::invalid_argument& e) {
      throw JsonExportError(where + ": " + e.what());
    }
  });
  n.each("drift", [&](const json& j, const std::string& where) {
    const Node d(j, where);
    s.drift.push_back({d.word("metric", metric_from_word), d.number("first"), d.number("last"), d.flag("flagged"),
                       d.text("message")});
  });
  n.each("worst_moments", [&](const json& j, const std::string& where) {
    const Node w(j, where);
    const bool has_metric = !j.contains("worst_metric") || !j.at("worst_metric").is_null();
    s.worst_moments.push_back({w.integer<std::int64_t>("t_us"), w.number("overall_score"),
                               has_metric ? std::optional(w.word("worst_metric", metric_from_word)) : std::nullopt});
  });
  n.each("drill_ids", [&](const json& j, const std::string& where) {
    if (!j.is_string()) throw JsonExportError(where + " should be a drill id, not " + j.dump());
    s.drill_ids.push_back(j.get<std::string>());
  });
  s.interrupted = n.flag("interrupted");
  if (version < kFirstVersionWithVerdicts) return s;
  s.walking_s = n.number("walking_s");
  s.holding_rails_spans = spans_of(n, "holding_rails_spans");
  n.each("fault_verdicts", [&](const json& j, const std::string& where) {
    const Node v(j, where);
    CoachFaultVerdict verdict{v.word("metric", metric_from_word), v.word("basis", basis_from_word),
                              v.number("share_of_running_strides"), v.flag("developed_late"), spans_of(v, "spans")};
    if (!(verdict.share >= 0.0 && verdict.share <= 1.0)) v.fail("share_of_running_strides", "a share from 0 to 1");
    s.fault_verdicts.push_back(std::move(verdict));
  });
  return s;
}

json session_json(const CoachSession& s) {
  return {{"session_id", s.session_id},
          {"kiosk_id", s.kiosk_id},
          {"station_id", s.station_id},
          {"athlete_id", s.athlete_id},
          {"athlete_name", s.athlete_name},
          {"view", view_json(s.view)},
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
CoachSession session_of(const Node& n, int version) {
  CoachSession s;
  s.session_id = n.text("session_id");
  s.kiosk_id = n.text("kiosk_id");
  s.station_id = n.text("station_id");
  s.athlete_id = n.text("athlete_id");
  s.athlete_name = n.text("athlete_name");
  s.view = n.word("view", view_from_word);
  s.started_unix_ms = n.integer<std::int64_t>("started_unix_ms");
  s.image_width_px = n.integer<int>("image_width_px");
  s.image_height_px = n.integer<int>("image_height_px");
  s.fps = n.integer<int>("fps");
  s.stored_seq = n.integer<std::uint64_t>("stored_seq");
  s.closed = n.flag("closed");
  s.ended_unix_ms = n.integer<std::int64_t>("ended_unix_ms");
  s.duration_us = n.integer<std::int64_t>("duration_us");
  if (!n.is_null("summary")) s.summary = summary_of(n.object("summary"), version);
  return s;
}

json notes_json(const std::vector<CoachAnnotation>& notes) {
  json out = json::array();
  for (const CoachAnnotation& a : notes) {
    out.push_back({{"annotation_id", a.annotation_id}, {"t_us", a.t_us}, {"kind", note_kind_word(a.kind)},
                   {"author", a.author}, {"text", a.text}, {"created_unix_ms", a.created_unix_ms},
                   {"session_id", a.session_id}});
  }
  return out;
}
std::vector<CoachAnnotation> notes_of(const Node& n, const char* key) {
  std::vector<CoachAnnotation> out;
  n.each(key, [&](const json& j, const std::string& where) {
    const Node a(j, where);
    out.push_back({a.integer<std::int64_t>("annotation_id"), a.text("session_id"), a.integer<std::int64_t>("t_us"),
                   a.word("kind", note_kind_from_word), a.text("author"), a.text("text"),
                   a.integer<std::int64_t>("created_unix_ms")});
  });
  return out;
}

json frame_json(const CoachFrame& f) {
  json keypoints = json::array();
  for (const form::Landmark& l : f.pose.keypoints) keypoints.push_back({l.x_px, l.y_px, l.confidence});
  json cues = json::array();
  for (const CoachCue& c : f.cues) cues.push_back({{"kind", cue_kind_word(c.kind)}, {"cue_id", c.cue_id}, {"text", c.text}});
  json out = {{"seq", f.seq}, {"t_us", f.t_us}, {"keypoints_xy_conf", keypoints}};
  if (!f.metrics.empty()) out["metrics"] = metrics_json(f.metrics);
  if (f.scores) out["scores"] = scores_json(*f.scores);
  if (!f.cues.empty()) out["cues"] = cues;
  return out;
}
CoachFrame frame_of(const Node& n) {
  CoachFrame f;
  f.seq = n.integer<std::uint64_t>("seq");
  f.t_us = n.integer<std::int64_t>("t_us");
  f.pose.t_s = static_cast<double>(f.t_us) / 1e6;
  std::size_t k = 0;
  n.each("keypoints_xy_conf", [&](const json& j, const std::string& where) {
    if (k >= form::kKeypointCount) throw JsonExportError(where + ": a frame has 17 keypoints");
    if (!j.is_array() || j.size() != 3 || !j[0].is_number() || !j[1].is_number() || !j[2].is_number()) {
      throw JsonExportError(where + " should be [x_px, y_px, confidence], not " + j.dump());
    }
    f.pose.keypoints[k++] = {j[0].get<double>(), j[1].get<double>(), j[2].get<double>()};
  });
  if (k != form::kKeypointCount) {
    throw JsonExportError(n.path("keypoints_xy_conf") + " has " + std::to_string(k) + " keypoints, not 17");
  }
  if (n.has("metrics")) f.metrics = metrics_of(n, "metrics");
  if (n.has("scores")) f.scores = scores_of(n.object("scores"));
  if (n.has("cues")) {
    n.each("cues", [&](const json& j, const std::string& where) {
      const Node c(j, where);
      f.cues.push_back({c.word("kind", cue_kind_from_word), c.text("cue_id"), c.text("text")});
    });
  }
  return f;
}

// Parses the document and checks it is ours and not from a newer RunForm; its version.
int parse(std::istream& in, const char* kind, json& j) {
  try {
    j = json::parse(in);
  } catch (const json::exception& e) {
    throw JsonExportError(std::string("cannot read the ") + kind + " export (cut short, or not JSON?): " + e.what());
  }
  if (!j.is_object() || !j.contains("format") || j.at("format") != kind) {
    throw JsonExportError(std::string("this is not a RunForm ") + kind + " export (\"format\" is not \"" + kind + "\")");
  }
  const int version = Node(j, "").integer<int>("version");
  if (version < 1 || version > kFormatVersion) {
    throw JsonExportError("version " + std::to_string(version) + " of the " + kind + " export is not known here (" +
                          std::to_string(kFormatVersion) + " is the newest): read it with a newer RunForm");
  }
  return version;
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
  json j;
  const int version = parse(in, "runform-session", j);
  const Node doc(j, "");
  SessionExport data;
  data.session = session_of(doc.object("session"), version);
  data.notes = notes_of(doc, "notes");
  doc.each("frames", [&](const json& f, const std::string& where) { data.frames.push_back(frame_of(Node(f, where))); });
  return data;
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
  json j;
  const int version = parse(in, "runform-athlete", j);
  const Node doc(j, "");
  AthleteExport data;
  const Node a = doc.object("athlete");
  data.athlete = {a.text("athlete_id"), a.text("name"), a.integer<std::uint32_t>("session_count"),
                  a.integer<std::int64_t>("last_session_unix_ms")};
  doc.each("sessions", [&](const json& s, const std::string& where) {
    const Node session(s, where);
    data.sessions.push_back(session_of(session, version));
    data.notes.push_back(notes_of(session, "notes"));
  });
  return data;
}

}  // namespace runform::report
