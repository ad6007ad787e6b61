#include "report/csv_export.h"

#include <array>
#include <charconv>
#include <limits>
#include <map>
#include <string>

#include "report/export_names.h"
#include "report/number_text.h"

namespace runform::report {
namespace {

using services::CoachAnnotation;
using services::CoachCue;
using services::CoachFaultVerdict;
using services::CoachFrame;
using services::CoachScores;
using services::CoachSession;
using services::CoachSummary;
using services::CoachTimeSpan;

constexpr std::array<const char*, form::kKeypointCount> kKeypointNames{
    "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder", "left_elbow",
    "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle",
    "right_ankle"};

// The span kinds of the spans table.
constexpr const char* kFaultSpan = "fault";
constexpr const char* kRailsSpan = "holding_rails";

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

// A list inside one field: items joined by '|', an item's parts joined by ':'; a '|', ':' or '\'
// inside a text is escaped ("\p", "\c", "\\"), so ids and texts may hold any character.
std::string escape_item(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '|') out += "\\p";
    else if (c == ':') out += "\\c";
    else out += c;
  }
  return out;
}

// Undoes escape_item.
std::string unescape(const std::string& piece) {
  std::string out;
  for (std::size_t i = 0; i < piece.size(); ++i) {
    if (piece[i] == '\\' && i + 1 < piece.size()) {
      const char next = piece[++i];
      out += next == 'p' ? '|' : next == 'c' ? ':' : next;
    } else {
      out += piece[i];
    }
  }
  return out;
}

// Splits at each `sep` not escaped; the pieces keep their escapes.
std::vector<std::string> split_raw(const std::string& text, char sep) {
  std::vector<std::string> pieces(1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      pieces.back() += text.substr(i, 2);
      ++i;
    } else if (text[i] == sep) {
      pieces.emplace_back();
    } else {
      pieces.back() += text[i];
    }
  }
  return pieces;
}

std::vector<std::string> split_items(const std::string& text) {
  std::vector<std::string> items;
  if (text.empty()) return items;
  for (const std::string& raw : split_raw(text, '|')) items.push_back(unescape(raw));
  return items;
}

// The raw '|' items of a list cell, each split into `parts` unescaped parts at its unescaped ':'
// (the last part keeps any further ':', as files written before ':' was escaped have them).
std::vector<std::vector<std::string>> split_list(const std::string& text, std::size_t parts) {
  std::vector<std::vector<std::string>> out;
  if (text.empty()) return out;
  for (const std::string& raw : split_raw(text, '|')) {
    const std::vector<std::string> pieces = split_raw(raw, ':');
    std::vector<std::string> item;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      if (i < parts) item.push_back(unescape(pieces[i]));
      else item.back() += ":" + unescape(pieces[i]);
    }
    out.push_back(std::move(item));
  }
  return out;
}

// An item as it was written, for errors.
std::string item_text(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ":") + p;
  return out;
}

std::string optional_number(const std::optional<double>& v) { return v ? exact(*v) : std::string(); }

// A whole number in full ("12", not "12x", " 12" or "1.5"); out of T's range is refused.
template <class T>
T whole(const std::string& text) {
  T value{};
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || result.ec != std::errc() || result.ptr != text.data() + text.size()) {
    throw std::invalid_argument("'" + text + "' is not a whole number" +
                                (std::numeric_limits<T>::is_signed ? "" : " 0 or more"));
  }
  return value;
}

// Time in seconds as the spreadsheet columns show it; the µs column is what is read back, and a
// seconds cell edited to disagree with it is refused rather than silently ignored.
std::string seconds_of(std::int64_t t_us) { return exact(static_cast<double>(t_us) / 1e6); }

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
    bool ended = false;
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
        ended = true;
        break;
      } else if (c != '\r') {
        cell += c;
      }
    }
    if (quoted) throw CsvError("CSV line " + std::to_string(line_) + ": a quoted cell is never closed (the file is cut short?)");
    // Every line the exports write ends with a line break: a last line without one was cut.
    if (!ended) throw CsvError("CSV line " + std::to_string(line_) + ": the line has no end (the file is cut short?)");
    cells.push_back(std::move(cell));
    return true;
  }
  [[nodiscard]] int line() const { return line_; }

 private:
  std::istream& in_;
  int line_ = 0;
};

// One table's columns by header name, and its cells read strictly, each error naming the column.
class Columns {
 public:
  // Runs f, which reads column `name`; its error names the column.
  template <class F>
  static auto in_column(const std::string& name, F f) {
    try {
      return f();
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      if (what.rfind("column '", 0) == 0) throw;
      throw std::invalid_argument("column '" + name + "': " + what);
    }
  }
  Columns() = default;
  explicit Columns(const std::vector<std::string>& header) : width_(header.size()) {
    for (std::size_t i = 0; i < header.size(); ++i) index_[header[i]] = i;
  }
  [[nodiscard]] bool has(const std::string& name) const { return index_.count(name) != 0; }
  [[nodiscard]] std::size_t width() const { return width_; }
  const std::string& text(const std::vector<std::string>& row, const std::string& name) const {
    const auto it = index_.find(name);
    if (it == index_.end()) throw std::invalid_argument("no column '" + name + "'");
    return row.at(it->second);
  }
  template <class T>
  T whole(const std::vector<std::string>& row, const std::string& name) const {
    return in_column(name, [&] { return report::whole<T>(text(row, name)); });
  }
  double number(const std::vector<std::string>& row, const std::string& name) const {
    return in_column(name, [&] { return parse_exact(text(row, name)); });
  }
  std::optional<double> optional_number(const std::vector<std::string>& row, const std::string& name) const {
    if (text(row, name).empty()) return std::nullopt;
    return number(row, name);
  }
  bool flag(const std::vector<std::string>& row, const std::string& name) const {
    const std::string& cell = text(row, name);
    if (cell != "0" && cell != "1") throw std::invalid_argument("column '" + name + "': '" + cell + "' is not 0 or 1");
    return cell == "1";
  }
  template <class F>
  auto word(const std::vector<std::string>& row, const std::string& name, F from_word) const {
    return in_column(name, [&] { return from_word(text(row, name)); });
  }
  // A time in µs whose seconds twin (`seconds_name`) must agree with it.
  std::int64_t time_us(const std::vector<std::string>& row, const std::string& us_name,
                       const std::string& seconds_name) const {
    const auto t_us = whole<std::int64_t>(row, us_name);
    if (number(row, seconds_name) != static_cast<double>(t_us) / 1e6) {
      throw std::invalid_argument("column '" + seconds_name + "' (" + text(row, seconds_name) + ") disagrees with '" +
                                  us_name + "' (" + std::to_string(t_us) + "): edit the µs column, it is the one read");
    }
    return t_us;
  }

 private:
  std::map<std::string, std::size_t> index_;
  std::size_t width_ = 0;
};

// The tables of one export, one after another; a row's errors carry its line.
class TableReader {
 public:
  explicit TableReader(std::istream& in) : reader_(in) {}
  // The next table's header, which must hold `required`; the file ending first is a cut-short file.
  Columns header(const std::string& table, const std::vector<std::string>& required) {
    std::vector<std::string> row;
    if (!reader_.next(row)) {
      throw CsvError("CSV line " + std::to_string(reader_.line() + 1) + ": the file ends before its " + table +
                     " table (it is cut short, or from an older RunForm): export it again");
    }
    Columns columns(row);
    for (const std::string& name : required) {
      if (!columns.has(name)) {
        throw CsvError("CSV line " + std::to_string(reader_.line()) + ": the " + table + " table's header has no column '" +
                       name + "'");
      }
    }
    table_ = table;
    columns_ = columns;
    return columns;
  }
  // The current table's next row; false at the empty line that ends it or at the end of the file.
  bool row(std::vector<std::string>& cells) {
    if (!reader_.next(cells) || (cells.size() == 1 && cells[0].empty())) return false;
    if (cells.size() != columns_.width()) {
      throw CsvError("CSV line " + std::to_string(reader_.line()) + ": " + std::to_string(cells.size()) +
                     " cells where the " + table_ + " table's header has " + std::to_string(columns_.width()) +
                     " (a comma added or lost, or the line cut short)");
    }
    return true;
  }
  // Runs f on the current row; an error in it names the line.
  template <class F>
  auto at_line(F f) const {
    try {
      return f();
    } catch (const CsvError&) {
      throw;
    } catch (const std::exception& e) {
      throw CsvError("CSV line " + std::to_string(reader_.line()) + ": " + e.what());
    }
  }
  [[nodiscard]] int line() const { return reader_.line(); }
  [[noreturn]] void fail(const std::string& what) const {
    throw CsvError("CSV line " + std::to_string(reader_.line()) + ": " + what);
  }

 private:
  CsvReader reader_;
  std::string table_;
  Columns columns_;
};

std::string score_cells(const std::optional<CoachScores>& s) {
  if (!s) return "0,,,,";
  return "1," + optional_number(s->head) + "," + optional_number(s->shoulders) + "," + optional_number(s->arms) + "," +
         optional_number(s->overall);
}

CoachScores scores_from(const Columns& c, const std::vector<std::string>& row) {
  return {c.optional_number(row, "score_head"), c.optional_number(row, "score_shoulders"),
          c.optional_number(row, "score_arms"), c.optional_number(row, "score_overall")};
}

// --- frames -------------------------------------------------------------------------------------

void write_frames_table(std::ostream& out, const std::vector<CoachFrame>& frames) {
  out << "seq,t_us,t_s";
  for (const char* name : kKeypointNames) out << ',' << name << "_x_px," << name << "_y_px," << name << "_confidence";
  for (const auto& m : form::metric_catalog()) out << ',' << m.key;
  out << ",has_scores,score_head,score_shoulders,score_arms,score_overall,cues\n";
  for (const CoachFrame& f : frames) {
    out << f.seq << ',' << f.t_us << ',' << seconds_of(f.t_us);
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
      cues += std::string(cue_kind_word(c.kind)) + ":" + escape_item(c.cue_id) + ":" + escape_item(c.text);
    }
    out << field(cues) << '\n';
  }
}

std::vector<CoachFrame> read_frames_table(TableReader& tables) {
  std::vector<std::string> required{"seq", "t_us", "t_s", "has_scores", "score_head", "score_shoulders", "score_arms",
                                    "score_overall", "cues"};
  for (const char* name : kKeypointNames) {
    for (const char* part : {"_x_px", "_y_px", "_confidence"}) required.push_back(std::string(name) + part);
  }
  for (const auto& m : form::metric_catalog()) required.emplace_back(m.key);
  const Columns c = tables.header("frames", required);
  std::vector<CoachFrame> frames;
  std::vector<std::string> row;
  while (tables.row(row)) {
    frames.push_back(tables.at_line([&] {
      CoachFrame f;
      f.seq = c.whole<std::uint64_t>(row, "seq");
      f.t_us = c.time_us(row, "t_us", "t_s");
      f.pose.t_s = static_cast<double>(f.t_us) / 1e6;
      for (std::size_t k = 0; k < form::kKeypointCount; ++k) {
        const std::string name = kKeypointNames[k];
        f.pose.keypoints[k] = {c.number(row, name + "_x_px"), c.number(row, name + "_y_px"),
                               c.number(row, name + "_confidence")};
      }
      for (const auto& m : form::metric_catalog()) {
        if (const auto v = c.optional_number(row, std::string(m.key))) f.metrics.push_back({m.id, *v});
      }
      if (c.flag(row, "has_scores")) f.scores = scores_from(c, row);
      for (const auto& parts : split_list(c.text(row, "cues"), 3)) {
        if (parts.size() != 3) {
          throw std::invalid_argument("column 'cues': a cue is kind:id:text, got '" + item_text(parts) + "'");
        }
        f.cues.push_back({Columns::in_column("cues", [&] { return cue_kind_from_word(parts[0]); }),
                          parts[1], parts[2]});
      }
      return f;
    }));
  }
  return frames;
}

// --- sessions -----------------------------------------------------------------------------------

void write_sessions_table(std::ostream& out, const std::vector<CoachSession>& sessions,
                          const std::vector<std::vector<CoachAnnotation>>& notes) {
  out << "session_id,kiosk_id,station_id,athlete_id,athlete_name,view,started_unix_ms,image_width_px,image_height_px,"
         "fps,stored_seq,closed,ended_unix_ms,duration_us,has_summary,strides,running_s,walking_s,holding_rails_s,"
         "interrupted,has_scores,score_head,score_shoulders,score_arms,score_overall";
  for (const auto& m : form::metric_catalog()) out << ",median_" << m.key;
  out << ",faults,drills,worst_moments,drift,fault_verdict_count,holding_rails_span_count,note_count\n";
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const CoachSession& s = sessions[i];
    const std::size_t note_count = i < notes.size() ? notes[i].size() : 0;
    out << field(s.session_id) << ',' << field(s.kiosk_id) << ',' << field(s.station_id) << ',' << field(s.athlete_id)
        << ',' << field(s.athlete_name) << ',' << view_word(s.view) << ',' << s.started_unix_ms << ','
        << s.image_width_px << ',' << s.image_height_px << ',' << s.fps << ',' << s.stored_seq << ','
        << (s.closed ? 1 : 0) << ',' << s.ended_unix_ms << ',' << s.duration_us << ',';
    if (!s.summary) {
      out << "0,,,,,,0,,,,";
      for (std::size_t k = 0; k < form::kMetricCount; ++k) out << ',';
      out << ",,,,,0,0," << note_count << '\n';
      continue;
    }
    const CoachSummary& m = *s.summary;
    out << "1," << m.strides << ',' << exact(m.running_s) << ',' << exact(m.walking_s) << ','
        << exact(m.holding_rails_s) << ',' << (m.interrupted ? 1 : 0) << ',' << score_cells(m.scores);
    std::array<std::optional<double>, form::kMetricCount> medians{};
    for (const auto& v : m.metrics) medians[form::index(v.metric)] = v.value;
    for (const auto& v : medians) out << ',' << optional_number(v);
    std::string faults, drills, worst, drift;
    for (form::MetricId f : m.faults) faults += (faults.empty() ? "" : "|") + metric_word(f);
    for (const std::string& d : m.drill_ids) drills += (drills.empty() ? "" : "|") + escape_item(d);
    for (const auto& w : m.worst_moments) {
      worst += (worst.empty() ? "" : "|") + std::to_string(w.t_us) + ":" + exact(w.overall_score) + ":" +
               (w.worst_metric ? metric_word(*w.worst_metric) : "");
    }
    for (const auto& d : m.drift) {
      drift += (drift.empty() ? "" : "|") + metric_word(d.metric) + ":" + exact(d.first) + ":" + exact(d.last) + ":" +
               (d.flagged ? "1" : "0") + ":" + escape_item(d.message);
    }
    out << ',' << field(faults) << ',' << field(drills) << ',' << field(worst) << ',' << field(drift) << ','
        << m.fault_verdicts.size() << ',' << m.holding_rails_spans.size() << ',' << note_count << '\n';
  }
}

// A session row read back, with the counts its later tables must match (a file cut at a line
// end, or a row deleted by hand, is then named instead of read as less than it was).
struct SessionRow {
  CoachSession session;
  int line = 0;  ///< of the file, for errors
  std::vector<std::size_t> verdict_span_counts;  ///< span_count of each verdict row read, in order
  std::size_t fault_verdicts = 0;
  std::size_t rails_spans = 0;
  std::size_t notes = 0;
};

std::vector<SessionRow> read_sessions_table(TableReader& tables) {
  std::vector<std::string> required{"session_id", "kiosk_id", "station_id", "athlete_id", "athlete_name", "view",
                                    "started_unix_ms", "image_width_px", "image_height_px", "fps", "stored_seq",
                                    "closed", "ended_unix_ms", "duration_us", "has_summary", "strides", "running_s",
                                    "walking_s", "holding_rails_s", "interrupted", "has_scores", "score_head",
                                    "score_shoulders", "score_arms", "score_overall", "faults", "drills",
                                    "worst_moments", "drift", "fault_verdict_count", "holding_rails_span_count",
                                    "note_count"};
  for (const auto& m : form::metric_catalog()) required.push_back("median_" + std::string(m.key));
  const Columns c = tables.header("sessions", required);
  std::vector<SessionRow> sessions;
  std::vector<std::string> row;
  while (tables.row(row)) {
    sessions.push_back(tables.at_line([&] {
      SessionRow r;
      r.line = tables.line();
      CoachSession& s = r.session;
      s.session_id = c.text(row, "session_id");
      s.kiosk_id = c.text(row, "kiosk_id");
      s.station_id = c.text(row, "station_id");
      s.athlete_id = c.text(row, "athlete_id");
      s.athlete_name = c.text(row, "athlete_name");
      s.view = c.word(row, "view", view_from_word);
      s.started_unix_ms = c.whole<std::int64_t>(row, "started_unix_ms");
      s.image_width_px = c.whole<int>(row, "image_width_px");
      s.image_height_px = c.whole<int>(row, "image_height_px");
      s.fps = c.whole<int>(row, "fps");
      s.stored_seq = c.whole<std::uint64_t>(row, "stored_seq");
      s.closed = c.flag(row, "closed");
      s.ended_unix_ms = c.whole<std::int64_t>(row, "ended_unix_ms");
      s.duration_us = c.whole<std::int64_t>(row, "duration_us");
      r.notes = c.whole<std::size_t>(row, "note_count");
      r.fault_verdicts = c.whole<std::size_t>(row, "fault_verdict_count");
      r.rails_spans = c.whole<std::size_t>(row, "holding_rails_span_count");
      if (!c.flag(row, "has_summary")) return r;
      CoachSummary m;
      m.strides = c.whole<std::uint32_t>(row, "strides");
      m.running_s = c.number(row, "running_s");
      m.walking_s = c.number(row, "walking_s");
      m.holding_rails_s = c.number(row, "holding_rails_s");
      m.interrupted = c.flag(row, "interrupted");
      if (c.flag(row, "has_scores")) m.scores = scores_from(c, row);
      for (const auto& info : form::metric_catalog()) {
        if (const auto v = c.optional_number(row, "median_" + std::string(info.key))) m.metrics.push_back({info.id, *v});
      }
      for (const std::string& f : split_items(c.text(row, "faults"))) {
        m.faults.push_back(Columns::in_column("faults", [&] { return metric_from_word(f); }));
      }
      m.drill_ids = split_items(c.text(row, "drills"));
      for (const auto& parts : split_list(c.text(row, "worst_moments"), 3)) {
        if (parts.size() != 3) {
          throw std::invalid_argument("column 'worst_moments': a worst moment is t_us:score:metric, got '" +
                                      item_text(parts) + "'");
        }
        m.worst_moments.push_back(Columns::in_column("worst_moments", [&] {
          return services::CoachWorstMoment{whole<std::int64_t>(parts[0]), parse_exact(parts[1]),
                                            parts[2].empty() ? std::nullopt : std::optional(metric_from_word(parts[2]))};
        }));
      }
      for (const auto& parts : split_list(c.text(row, "drift"), 5)) {
        if (parts.size() != 5 || (parts[3] != "0" && parts[3] != "1")) {
          throw std::invalid_argument("column 'drift': a drift is metric:first:last:flagged(0/1):message, got '" +
                                      item_text(parts) + "'");
        }
        m.drift.push_back(Columns::in_column("drift", [&] {
          return services::CoachDrift{metric_from_word(parts[0]), parse_exact(parts[1]), parse_exact(parts[2]),
                                      parts[3] == "1", parts[4]};
        }));
      }
      s.summary = std::move(m);
      return r;
    }));
  }
  return sessions;
}

SessionRow& session_named(std::vector<SessionRow>& sessions, const std::string& id) {
  for (SessionRow& r : sessions) {
    if (r.session.session_id == id) return r;
  }
  throw std::invalid_argument("column 'session_id': no session '" + id + "' in the sessions table");
}

CoachSummary& summary_of(SessionRow& r) {
  if (!r.session.summary) {
    throw std::invalid_argument("session '" + r.session.session_id + "' has no summary (has_summary 0) to hold this row");
  }
  return *r.session.summary;
}

// --- fault verdicts and spans -------------------------------------------------------------------

void write_verdicts_table(std::ostream& out, const std::vector<CoachSession>& sessions) {
  out << "session_id,metric,basis,share_of_running_strides,developed_late,span_count\n";
  for (const CoachSession& s : sessions) {
    if (!s.summary) continue;
    for (const CoachFaultVerdict& v : s.summary->fault_verdicts) {
      out << field(s.session_id) << ',' << metric_word(v.metric) << ',' << basis_word(v.basis) << ',' << exact(v.share)
          << ',' << (v.developed_late ? 1 : 0) << ',' << v.spans.size() << '\n';
    }
  }
}

void read_verdicts_table(TableReader& tables, std::vector<SessionRow>& sessions) {
  const Columns c = tables.header(
      "fault verdicts", {"session_id", "metric", "basis", "share_of_running_strides", "developed_late", "span_count"});
  std::vector<std::string> row;
  while (tables.row(row)) {
    tables.at_line([&] {
      SessionRow& session = session_named(sessions, c.text(row, "session_id"));
      CoachSummary& summary = summary_of(session);
      CoachFaultVerdict v{c.word(row, "metric", metric_from_word), c.word(row, "basis", basis_from_word),
                          c.number(row, "share_of_running_strides"), c.flag(row, "developed_late"), {}};
      if (!(v.share >= 0.0 && v.share <= 1.0)) {
        throw std::invalid_argument("column 'share_of_running_strides': " + exact(v.share) + " is not a share from 0 to 1");
      }
      session.verdict_span_counts.push_back(c.whole<std::size_t>(row, "span_count"));
      summary.fault_verdicts.push_back(std::move(v));
    });
  }
}

void write_spans_table(std::ostream& out, const std::vector<CoachSession>& sessions) {
  out << "session_id,span,metric,start_us,end_us,start_s,end_s\n";
  auto span_row = [&](const CoachSession& s, const char* kind, const std::string& metric, const CoachTimeSpan& t) {
    out << field(s.session_id) << ',' << kind << ',' << metric << ',' << t.start_us << ',' << t.end_us << ','
        << seconds_of(t.start_us) << ',' << seconds_of(t.end_us) << '\n';
  };
  for (const CoachSession& s : sessions) {
    if (!s.summary) continue;
    for (const CoachFaultVerdict& v : s.summary->fault_verdicts) {
      for (const CoachTimeSpan& t : v.spans) span_row(s, kFaultSpan, metric_word(v.metric), t);
    }
    for (const CoachTimeSpan& t : s.summary->holding_rails_spans) span_row(s, kRailsSpan, "", t);
  }
}

void read_spans_table(TableReader& tables, std::vector<SessionRow>& sessions) {
  const Columns c = tables.header("spans", {"session_id", "span", "metric", "start_us", "end_us", "start_s", "end_s"});
  std::vector<std::string> row;
  while (tables.row(row)) {
    tables.at_line([&] {
      SessionRow& session = session_named(sessions, c.text(row, "session_id"));
      CoachSummary& summary = summary_of(session);
      const CoachTimeSpan t{c.time_us(row, "start_us", "start_s"), c.time_us(row, "end_us", "end_s")};
      if (t.end_us < t.start_us) throw std::invalid_argument("column 'end_us': the span ends before it starts");
      const std::string& kind = c.text(row, "span");
      if (kind == kRailsSpan) {
        if (!c.text(row, "metric").empty()) throw std::invalid_argument("column 'metric': a holding_rails span has no metric");
        summary.holding_rails_spans.push_back(t);
        return;
      }
      if (kind != kFaultSpan) {
        throw std::invalid_argument("column 'span': unknown span '" + kind + "': " + kFaultSpan + " or " + kRailsSpan);
      }
      // Fault spans come verdict by verdict, span_count each: this row belongs to the first verdict
      // not yet full (two verdicts of one metric, which the hub does not forbid, stay apart).
      const form::MetricId metric = c.word(row, "metric", metric_from_word);
      std::size_t k = 0;
      while (k < summary.fault_verdicts.size() && summary.fault_verdicts[k].spans.size() >= session.verdict_span_counts[k]) {
        ++k;
      }
      if (k == summary.fault_verdicts.size()) {
        throw std::invalid_argument("a fault span beyond the span_count of every verdict of session '" +
                                    session.session.session_id + "'");
      }
      if (summary.fault_verdicts[k].metric != metric) {
        throw std::invalid_argument("column 'metric': " + metric_word(metric) + ", but the next fault span is of verdict " +
                                    std::to_string(k + 1) + " (" + metric_word(summary.fault_verdicts[k].metric) + ")");
      }
      summary.fault_verdicts[k].spans.push_back(t);
    });
  }
}

// --- notes and the athlete ----------------------------------------------------------------------

void write_notes_table(std::ostream& out, const std::vector<std::vector<CoachAnnotation>>& notes) {
  out << "session_id,annotation_id,kind,t_us,t_s,author,text,created_unix_ms\n";
  for (const auto& session_notes : notes) {
    for (const CoachAnnotation& a : session_notes) {
      out << field(a.session_id) << ',' << a.annotation_id << ',' << note_kind_word(a.kind) << ',' << a.t_us << ','
          << seconds_of(a.t_us) << ',' << field(a.author) << ',' << field(a.text) << ',' << a.created_unix_ms << '\n';
    }
  }
}

// Notes per session, in the sessions' order.
std::vector<std::vector<CoachAnnotation>> read_notes_table(TableReader& tables, const std::vector<SessionRow>& sessions) {
  const Columns c =
      tables.header("notes", {"session_id", "annotation_id", "kind", "t_us", "t_s", "author", "text", "created_unix_ms"});
  std::vector<std::vector<CoachAnnotation>> notes(sessions.size());
  std::vector<std::string> row;
  while (tables.row(row)) {
    tables.at_line([&] {
      CoachAnnotation a{c.whole<std::int64_t>(row, "annotation_id"), c.text(row, "session_id"),
                        c.time_us(row, "t_us", "t_s"), c.word(row, "kind", note_kind_from_word), c.text(row, "author"),
                        c.text(row, "text"), c.whole<std::int64_t>(row, "created_unix_ms")};
      for (std::size_t i = 0; i < sessions.size(); ++i) {
        if (sessions[i].session.session_id == a.session_id) {
          notes[i].push_back(std::move(a));
          return;
        }
      }
      throw std::invalid_argument("column 'session_id': no session '" + a.session_id + "' in the sessions table");
    });
  }
  return notes;
}

// Every count a session row promised is met. (Verdicts are read as written, one per fault as the
// kiosk sends them; the hub does not check that, so neither does a reader of what it holds.)
void check_complete(const std::vector<SessionRow>& sessions, const std::vector<std::vector<CoachAnnotation>>& notes) {
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const SessionRow& r = sessions[i];
    const std::string who = "CSV line " + std::to_string(r.line) + ": session '" + r.session.session_id + "'";
    auto promise = [&](std::size_t promised, std::size_t found, const std::string& what, const std::string& column) {
      if (promised != found) {
        throw CsvError(who + " promises " + std::to_string(promised) + " " + what + " (" + column + ") but the file has " +
                       std::to_string(found) + ": the file is cut short or was edited; export it again");
      }
    };
    promise(r.notes, notes[i].size(), "notes", "note_count");
    const std::size_t verdicts = r.session.summary ? r.session.summary->fault_verdicts.size() : 0;
    const std::size_t rails = r.session.summary ? r.session.summary->holding_rails_spans.size() : 0;
    promise(r.fault_verdicts, verdicts, "fault verdicts", "fault_verdict_count");
    promise(r.rails_spans, rails, "holding_rails spans", "holding_rails_span_count");
    if (!r.session.summary) continue;
    const CoachSummary& m = *r.session.summary;
    for (std::size_t k = 0; k < m.fault_verdicts.size(); ++k) {
      const CoachFaultVerdict& v = m.fault_verdicts[k];
      promise(r.verdict_span_counts[k], v.spans.size(), metric_word(v.metric) + " fault spans", "span_count");
    }
  }
}

// The tables after the first: verdicts, spans, notes; checked complete.
std::vector<std::vector<CoachAnnotation>> read_session_tables(TableReader& tables, std::vector<SessionRow>& sessions) {
  read_verdicts_table(tables, sessions);
  read_spans_table(tables, sessions);
  auto notes = read_notes_table(tables, sessions);
  check_complete(sessions, notes);
  return notes;
}

}  // namespace

void write_session_csv(std::ostream& out, const SessionExport& data) {
  write_frames_table(out, data.frames);
  out << '\n';
  write_sessions_table(out, {data.session}, {data.notes});
  out << '\n';
  write_verdicts_table(out, {data.session});
  out << '\n';
  write_spans_table(out, {data.session});
  out << '\n';
  write_notes_table(out, {data.notes});
}

SessionExport read_session_csv(std::istream& in) {
  TableReader tables(in);
  SessionExport data;
  data.frames = read_frames_table(tables);
  std::vector<SessionRow> sessions = read_sessions_table(tables);
  if (sessions.size() != 1) {
    tables.fail("a session CSV's sessions table has one row, this one " + std::to_string(sessions.size()));
  }
  auto notes = read_session_tables(tables, sessions);
  data.session = std::move(sessions[0].session);
  data.notes = std::move(notes[0]);
  return data;
}

void write_athlete_csv(std::ostream& out, const AthleteExport& data) {
  write_sessions_table(out, data.sessions, data.notes);
  out << '\n';
  write_verdicts_table(out, data.sessions);
  out << '\n';
  write_spans_table(out, data.sessions);
  out << '\n';
  write_notes_table(out, data.notes);
  out << "\nathlete_id,name,session_count,last_session_unix_ms\n"
      << field(data.athlete.athlete_id) << ',' << field(data.athlete.name) << ',' << data.athlete.session_count << ','
      << data.athlete.last_session_unix_ms << '\n';
}

AthleteExport read_athlete_csv(std::istream& in) {
  TableReader tables(in);
  std::vector<SessionRow> sessions = read_sessions_table(tables);
  AthleteExport data;
  data.notes = read_session_tables(tables, sessions);
  for (SessionRow& r : sessions) data.sessions.push_back(std::move(r.session));
  const Columns c = tables.header("athlete", {"athlete_id", "name", "session_count", "last_session_unix_ms"});
  std::vector<std::string> row;
  if (!tables.row(row)) tables.fail("the athlete table has no row (the file is cut short?): export it again");
  data.athlete = tables.at_line([&] {
    return services::CoachAthlete{c.text(row, "athlete_id"), c.text(row, "name"),
                                  c.whole<std::uint32_t>(row, "session_count"),
                                  c.whole<std::int64_t>(row, "last_session_unix_ms")};
  });
  return data;
}

}  // namespace runform::report
