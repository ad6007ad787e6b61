#include "report/csv_export.h"

#include <array>
#include <map>
#include <sstream>
#include <string>

#include "report/number_text.h"

namespace runform::report {
namespace {

using services::CoachCue;
using services::CoachFrame;
using services::CoachScores;
using services::CoachSession;

constexpr std::array<const char*, form::kKeypointCount> kKeypointNames{
    "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder", "left_elbow",
    "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle",
    "right_ankle"};

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
std::string field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// A list inside one field: items joined by '|', a '|' or '\' inside an item escaped.
std::string escape_item(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '|') out += "\\p";
    else out += c;
  }
  return out;
}

std::vector<std::string> split_items(const std::string& text) {
  std::vector<std::string> items;
  if (text.empty()) return items;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      current += text[i + 1] == 'p' ? '|' : text[i + 1];
      ++i;
    } else if (text[i] == '|') {
      items.push_back(current);
      current.clear();
    } else {
      current += text[i];
    }
  }
  items.push_back(current);
  return items;
}

// Splits "a:b:rest" into at most `parts` pieces (the last keeps any further ':').
std::vector<std::string> split_colon(const std::string& text, std::size_t parts) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (out.size() + 1 < parts) {
    const auto colon = text.find(':', start);
    if (colon == std::string::npos) break;
    out.push_back(text.substr(start, colon - start));
    start = colon + 1;
  }
  out.push_back(text.substr(start));
  return out;
}

const char* cue_kind(CoachCue::Kind kind) {
  switch (kind) {
    case CoachCue::Kind::kShow: return "show";
    case CoachCue::Kind::kPositive: return "positive";
    case CoachCue::Kind::kClear: return "clear";
  }
  return "show";
}

CoachCue::Kind cue_kind_of(const std::string& text) {
  if (text == "positive") return CoachCue::Kind::kPositive;
  if (text == "clear") return CoachCue::Kind::kClear;
  if (text == "show") return CoachCue::Kind::kShow;
  throw std::invalid_argument("unknown cue kind '" + text + "'");
}

std::string optional_number(const std::optional<double>& v) { return v ? exact(*v) : std::string(); }
std::optional<double> optional_of(const std::string& cell) {
  if (cell.empty()) return std::nullopt;
  return parse_exact(cell);
}

const char* view_name(form::View view) {
  return view == form::View::kFront ? "front" : view == form::View::kSide ? "side" : "";
}
form::View view_of(const std::string& text) {
  if (text == "front") return form::View::kFront;
  if (text == "side") return form::View::kSide;
  return form::View::kAuto;
}

// Reads RFC 4180 records.
class CsvReader {
 public:
  explicit CsvReader(std::istream& in) : in_(in) {}
  bool next(std::vector<std::string>& cells) {
    cells.clear();
    if (in_.peek() == std::char_traits<char>::eof()) return false;
    ++line_;
    std::string cell;
    bool quoted = false;
    char c = 0;
    while (in_.get(c)) {
      if (quoted) {
        if (c == '"') {
          if (in_.peek() == '"') {
            cell += '"';
            in_.get();
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line_;
          cell += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.push_back(std::move(cell));
        cell.clear();
      } else if (c == '\n') {
        break;
      } else if (c != '\r') {
        cell += c;
      }
    }
    cells.push_back(std::move(cell));
    return true;
  }
  [[nodiscard]] int line() const { return line_; }

 private:
  std::istream& in_;
  int line_ = 0;
};

// Column lookup by header name.
class Columns {
 public:
  Columns(const std::vector<std::string>& header) {
    for (std::size_t i = 0; i < header.size(); ++i) index_[header[i]] = i;
  }
  const std::string& at(const std::vector<std::string>& row, const std::string& name) const {
    const auto it = index_.find(name);
    if (it == index_.end()) throw std::invalid_argument("no column '" + name + "'");
    if (it->second >= row.size()) throw std::invalid_argument("the row is shorter than the header");
    return row[it->second];
  }

 private:
  std::map<std::string, std::size_t> index_;
};

std::string score_cells(const std::optional<CoachScores>& s) {
  if (!s) return "0,,,,";
  return "1," + optional_number(s->head) + "," + optional_number(s->shoulders) + "," + optional_number(s->arms) + "," +
         optional_number(s->overall);
}

CoachScores scores_from(const Columns& c, const std::vector<std::string>& row) {
  return {optional_of(c.at(row, "score_head")), optional_of(c.at(row, "score_shoulders")),
          optional_of(c.at(row, "score_arms")), optional_of(c.at(row, "score_overall"))};
}

template <class F>
auto with_line(const CsvReader& reader, F f) {
  try {
    return f();
  } catch (const std::exception& e) {
    throw CsvError("CSV line " + std::to_string(reader.line()) + ": " + e.what());
  }
}

}  // namespace

void write_session_csv(std::ostream& out, const SessionExport& data) {
  out << "seq,t_us,t_s";
  for (const char* name : kKeypointNames) out << ',' << name << "_x_px," << name << "_y_px," << name << "_confidence";
  for (const auto& m : form::metric_catalog()) out << ',' << m.key;
  out << ",has_scores,score_head,score_shoulders,score_arms,score_overall,cues\n";
  for (const CoachFrame& f : data.frames) {
    out << f.seq << ',' << f.t_us << ',' << exact(static_cast<double>(f.t_us) / 1e6);
    for (const form::Landmark& l : f.pose.keypoints) {
      out << ',' << exact(l.x_px) << ',' << exact(l.y_px) << ',' << exact(l.confidence);
    }
    std::array<std::optional<double>, form::kMetricCount> metrics{};
    for (const auto& m : f.metrics) metrics[form::index(m.metric)] = m.value;
    for (const auto& m : metrics) out << ',' << optional_number(m);
    out << ',' << score_cells(f.scores) << ',';
    std::string cues;
    for (const CoachCue& c : f.cues) {
      if (!cues.empty()) cues += '|';
      cues += escape_item(std::string(cue_kind(c.kind)) + ":" + c.cue_id + ":" + c.text);
    }
    out << field(cues) << '\n';
  }
}

std::vector<CoachFrame> read_session_csv(std::istream& in) {
  CsvReader reader(in);
  std::vector<std::string> row;
  if (!reader.next(row)) throw CsvError("the CSV is empty: expected a header row");
  const Columns c(row);
  std::vector<CoachFrame> frames;
  while (reader.next(row)) {
    if (row.size() == 1 && row[0].empty()) continue;
    frames.push_back(with_line(reader, [&] {
      CoachFrame f;
      f.seq = std::stoull(c.at(row, "seq"));
      f.t_us = std::stoll(c.at(row, "t_us"));
      f.pose.t_s = static_cast<double>(f.t_us) / 1e6;
      for (std::size_t k = 0; k < form::kKeypointCount; ++k) {
        const std::string name = kKeypointNames[k];
        f.pose.keypoints[k] = {parse_exact(c.at(row, name + "_x_px")), parse_exact(c.at(row, name + "_y_px")),
                               parse_exact(c.at(row, name + "_confidence"))};
      }
      for (const auto& m : form::metric_catalog()) {
        if (const auto v = optional_of(c.at(row, std::string(m.key)))) f.metrics.push_back({m.id, *v});
      }
      if (c.at(row, "has_scores") == "1") f.scores = scores_from(c, row);
      for (const std::string& item : split_items(c.at(row, "cues"))) {
        const auto parts = split_colon(item, 3);
        if (parts.size() != 3) throw std::invalid_argument("a cue is kind:id:text, got '" + item + "'");
        f.cues.push_back({cue_kind_of(parts[0]), parts[1], parts[2]});
      }
      return f;
    }));
  }
  return frames;
}

void write_athlete_csv(std::ostream& out, const AthleteExport& data) {
  out << "session_id,kiosk_id,station_id,athlete_id,athlete_name,view,started_unix_ms,image_width_px,image_height_px,"
         "fps,stored_seq,closed,ended_unix_ms,duration_us,has_summary,strides,running_s,holding_rails_s,interrupted,"
         "has_scores,score_head,score_shoulders,score_arms,score_overall";
  for (const auto& m : form::metric_catalog()) out << ",median_" << m.key;
  out << ",faults,drills,worst_moments,drift\n";
  for (const CoachSession& s : data.sessions) {
    out << field(s.session_id) << ',' << field(s.kiosk_id) << ',' << field(s.station_id) << ',' << field(s.athlete_id)
        << ',' << field(s.athlete_name) << ',' << view_name(s.view) << ',' << s.started_unix_ms << ','
        << s.image_width_px << ',' << s.image_height_px << ',' << s.fps << ',' << s.stored_seq << ','
        << (s.closed ? 1 : 0) << ',' << s.ended_unix_ms << ',' << s.duration_us << ',';
    if (!s.summary) {
      out << "0,,,,,0,,,,";
      for (std::size_t i = 0; i < form::kMetricCount; ++i) out << ',';
      out << ",,,\n";
      continue;
    }
    const services::CoachSummary& m = *s.summary;
    out << "1," << m.strides << ',' << exact(m.running_s) << ',' << exact(m.holding_rails_s) << ','
        << (m.interrupted ? 1 : 0) << ',' << score_cells(m.scores);
    std::array<std::optional<double>, form::kMetricCount> medians{};
    for (const auto& v : m.metrics) medians[form::index(v.metric)] = v.value;
    for (const auto& v : medians) out << ',' << optional_number(v);
    std::string faults, drills, worst, drift;
    for (form::MetricId f : m.faults) faults += (faults.empty() ? "" : "|") + std::string(form::info(f).key);
    for (const std::string& d : m.drill_ids) drills += (drills.empty() ? "" : "|") + escape_item(d);
    for (const auto& w : m.worst_moments) {
      worst += (worst.empty() ? "" : "|") + std::to_string(w.t_us) + ":" + exact(w.overall_score) + ":" +
               (w.worst_metric ? std::string(form::info(*w.worst_metric).key) : "");
    }
    for (const auto& d : m.drift) {
      drift += (drift.empty() ? "" : "|") + escape_item(std::string(form::info(d.metric).key) + ":" + exact(d.first) +
                                                        ":" + exact(d.last) + ":" + (d.flagged ? "1" : "0") + ":" +
                                                        d.message);
    }
    out << ',' << field(faults) << ',' << field(drills) << ',' << field(worst) << ',' << field(drift) << '\n';
  }
}

std::vector<CoachSession> read_athlete_csv(std::istream& in) {
  CsvReader reader(in);
  std::vector<std::string> row;
  if (!reader.next(row)) throw CsvError("the CSV is empty: expected a header row");
  const Columns c(row);
  std::vector<CoachSession> sessions;
  auto metric_of = [](const std::string& key) {
    const auto id = form::metric_from_key(key);
    if (!id) throw std::invalid_argument("unknown metric '" + key + "'");
    return *id;
  };
  while (reader.next(row)) {
    if (row.size() == 1 && row[0].empty()) continue;
    sessions.push_back(with_line(reader, [&] {
      CoachSession s;
      s.session_id = c.at(row, "session_id");
      s.kiosk_id = c.at(row, "kiosk_id");
      s.station_id = c.at(row, "station_id");
      s.athlete_id = c.at(row, "athlete_id");
      s.athlete_name = c.at(row, "athlete_name");
      s.view = view_of(c.at(row, "view"));
      s.started_unix_ms = std::stoll(c.at(row, "started_unix_ms"));
      s.image_width_px = std::stoi(c.at(row, "image_width_px"));
      s.image_height_px = std::stoi(c.at(row, "image_height_px"));
      s.fps = std::stoi(c.at(row, "fps"));
      s.stored_seq = std::stoull(c.at(row, "stored_seq"));
      s.closed = c.at(row, "closed") == "1";
      s.ended_unix_ms = std::stoll(c.at(row, "ended_unix_ms"));
      s.duration_us = std::stoll(c.at(row, "duration_us"));
      if (c.at(row, "has_summary") != "1") return s;
      services::CoachSummary m;
      m.strides = static_cast<std::uint32_t>(std::stoul(c.at(row, "strides")));
      m.running_s = parse_exact(c.at(row, "running_s"));
      m.holding_rails_s = parse_exact(c.at(row, "holding_rails_s"));
      m.interrupted = c.at(row, "interrupted") == "1";
      if (c.at(row, "has_scores") == "1") m.scores = scores_from(c, row);
      for (const auto& info : form::metric_catalog()) {
        if (const auto v = optional_of(c.at(row, "median_" + std::string(info.key)))) m.metrics.push_back({info.id, *v});
      }
      for (const std::string& f : split_items(c.at(row, "faults"))) m.faults.push_back(metric_of(f));
      m.drill_ids = split_items(c.at(row, "drills"));
      for (const std::string& w : split_items(c.at(row, "worst_moments"))) {
        const auto parts = split_colon(w, 3);
        if (parts.size() != 3) throw std::invalid_argument("a worst moment is t_us:score:metric, got '" + w + "'");
        m.worst_moments.push_back({std::stoll(parts[0]), parse_exact(parts[1]),
                                   parts[2].empty() ? std::nullopt : std::optional(metric_of(parts[2]))});
      }
      for (const std::string& d : split_items(c.at(row, "drift"))) {
        const auto parts = split_colon(d, 5);
        if (parts.size() != 5) throw std::invalid_argument("a drift is metric:first:last:flagged:message, got '" + d + "'");
        m.drift.push_back({metric_of(parts[0]), parse_exact(parts[1]), parse_exact(parts[2]), parts[3] == "1", parts[4]});
      }
      s.summary = std::move(m);
      return s;
    }));
  }
  return sessions;
}

}  // namespace runform::report
