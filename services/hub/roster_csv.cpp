#include "services/hub/roster_csv.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace runform::services {

namespace {

constexpr std::size_t kMaxCodeChars = 32;     // fits a badge's QR code at a readable size
constexpr std::size_t kMaxNameChars = 80;     // fits a badge and a results row
constexpr std::size_t kMaxSquadChars = 80;
constexpr std::size_t kMaxCoachChars = 64;    // a user name (access.proto)

enum Column { kName, kCode, kSquad, kCoach, kColumns };

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

std::optional<Column> column_named(std::string_view header) {
  const std::string name = lower(trim(header));
  if (name == "name" || name == "athlete" || name == "athlete name") return kName;
  if (name == "code" || name == "athlete code" || name == "badge") return kCode;
  if (name == "group" || name == "squad") return kSquad;
  if (name == "coach") return kCoach;
  return std::nullopt;
}

bool has_control_characters(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

/// One CSV record: fields, and the line it started on. Quoted fields may hold commas, doubled
/// quotes and line breaks.
struct Record {
  int line = 0;
  std::vector<std::string> fields;
};

class RecordReader {
 public:
  explicit RecordReader(std::string_view text) : text_(text) {
    if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);  // a spreadsheet's UTF-8 mark
  }

  [[nodiscard]] bool done() const { return pos_ >= text_.size(); }

  /// The next record; an error for a quote left open.
  std::variant<Record, RosterCsvError> next() {
    Record record;
    record.line = line_;
    std::string field;
    bool quoted = false;
    bool field_was_quoted = false;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (quoted) {
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            field += '"';
            ++pos_;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line_;
          field += c;
        }
        continue;
      }
      if (c == '"' && trim(field).empty() && !field_was_quoted) {
        quoted = true;
        field_was_quoted = true;
        field.clear();
      } else if (c == ',') {
        record.fields.push_back(field_was_quoted ? field : trim(field));
        field.clear();
        field_was_quoted = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
        ++line_;
        break;
      } else if (c == '"') {
        return RosterCsvError{record.line, "line " + std::to_string(record.line) +
                                               ": a quote inside a field that does not start with one; put the whole "
                                               "field in quotes and double the quote (\"\")"};
      } else if (field_was_quoted) {
        if (c != ' ' && c != '\t') {
          return RosterCsvError{record.line, "line " + std::to_string(record.line) +
                                                 ": text after a closing quote; end the field at the quote"};
        }
      } else {
        field += c;
      }
    }
    if (quoted) {
      return RosterCsvError{record.line, "line " + std::to_string(record.line) +
                                             ": a quoted field is never closed; add the closing quote"};
    }
    record.fields.push_back(field_was_quoted ? field : trim(field));
    return record;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

bool blank(const Record& record) {
  return std::all_of(record.fields.begin(), record.fields.end(), [](const std::string& f) { return f.empty(); });
}

}  // namespace

std::string roster_entry_problem(const RosterRow& row) {
  if (row.athlete_code.empty()) return "the code is empty; every athlete needs the code printed on their badge";
  if (row.athlete_code.size() > kMaxCodeChars) {
    return "the code '" + row.athlete_code + "' is longer than " + std::to_string(kMaxCodeChars) + " characters";
  }
  if (has_control_characters(row.athlete_code) ||
      std::any_of(row.athlete_code.begin(), row.athlete_code.end(), [](char c) { return c == ' ' || c == ':'; })) {
    return "the code '" + row.athlete_code + "' has spaces, colons or control characters; use letters, digits and dashes";
  }
  if (row.name.empty()) return "the name is empty";
  if (row.name.size() > kMaxNameChars) return "the name is longer than " + std::to_string(kMaxNameChars) + " characters";
  if (row.squad.size() > kMaxSquadChars) return "the group is longer than " + std::to_string(kMaxSquadChars) + " characters";
  if (row.coach.size() > kMaxCoachChars) return "the coach is longer than " + std::to_string(kMaxCoachChars) + " characters";
  if (has_control_characters(row.name) || has_control_characters(row.squad) || has_control_characters(row.coach)) {
    return "a field has control characters (a tab or a line break inside quotes)";
  }
  return {};
}

std::variant<std::vector<RosterRow>, RosterCsvError> parse_roster_csv(std::string_view text) {
  RecordReader reader(text);
  std::optional<Record> header;
  while (!reader.done() && !header) {
    auto next = reader.next();
    if (auto* error = std::get_if<RosterCsvError>(&next)) return *error;
    if (!blank(std::get<Record>(next))) header = std::get<Record>(std::move(next));
  }
  if (!header) return RosterCsvError{1, "line 1: the file is empty; the first line names the columns: name,code,group,coach"};
  std::array<int, kColumns> where{-1, -1, -1, -1};
  for (std::size_t i = 0; i < header->fields.size(); ++i) {
    const auto column = column_named(header->fields[i]);
    const std::string at = "line " + std::to_string(header->line) + ": ";
    if (!column) {
      return RosterCsvError{header->line, at + "unknown column '" + header->fields[i] +
                                              "'; the columns are name, code, group (or squad) and coach"};
    }
    if (where[*column] >= 0) return RosterCsvError{header->line, at + "the column '" + header->fields[i] + "' appears twice"};
    where[*column] = static_cast<int>(i);
  }
  if (where[kName] < 0 || where[kCode] < 0) {
    return RosterCsvError{header->line, "line " + std::to_string(header->line) +
                                            ": the first line must name the columns, with at least name and code "
                                            "(e.g. name,code,group,coach)"};
  }
  std::vector<RosterRow> rows;
  while (!reader.done()) {
    auto next = reader.next();
    if (auto* error = std::get_if<RosterCsvError>(&next)) return *error;
    const Record& record = std::get<Record>(next);
    if (blank(record)) continue;
    const std::string at = "line " + std::to_string(record.line) + ": ";
    if (record.fields.size() != header->fields.size()) {
      return RosterCsvError{record.line, at + "expected " + std::to_string(header->fields.size()) + " fields like the first line, found " +
                                             std::to_string(record.fields.size()) + " (a comma inside a name needs quotes)"};
    }
    auto field = [&](Column c) { return where[c] >= 0 ? record.fields[static_cast<std::size_t>(where[c])] : std::string(); };
    RosterRow row{field(kCode), field(kName), field(kSquad), field(kCoach), record.line};
    if (const std::string problem = roster_entry_problem(row); !problem.empty()) {
      return RosterCsvError{record.line, at + problem};
    }
    if (rows.size() == kMaxRosterAthletes) {
      return RosterCsvError{record.line, at + "a roster holds at most " + std::to_string(kMaxRosterAthletes) +
                                             " athletes; split the file"};
    }
    rows.push_back(std::move(row));
  }
  if (rows.empty()) return RosterCsvError{header->line, "line " + std::to_string(header->line) + ": the file names its columns but lists no athletes"};
  return rows;
}

}  // namespace runform::services
