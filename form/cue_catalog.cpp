#include "form/cue_catalog.h"

#include <fstream>
#include <set>

#include "form/text_table.h"

namespace runform::form {
namespace {

MetricId metric_or_throw(const std::string& key, const std::string& where) {
  const auto id = metric_from_key(key);
  if (!id) throw DataFileError(where + ": unknown metric id '" + key + "'");
  return *id;
}

std::string where(const std::string& file, std::size_t line) { return file + ":" + std::to_string(line); }

}  // namespace

std::vector<CueDef> parse_cues(std::istream& in, const std::string& file_name) {
  std::vector<CueDef> cues;
  std::set<std::string> ids;
  for (const TextRecord& r : read_text_table(in, 5, file_name)) {
    const std::string at = where(file_name, r.line);
    CueDef cue;
    cue.id = r.fields[0];
    cue.metric = metric_or_throw(r.fields[1], at);
    try {
      cue.priority = std::stoi(r.fields[2]);
    } catch (const std::exception&) {
      throw DataFileError(at + ": priority must be an integer, got '" + r.fields[2] + "'");
    }
    cue.text = r.fields[3];
    cue.positive_text = r.fields[4];
    if (cue.id.empty() || cue.text.empty()) throw DataFileError(at + ": cue id and text must not be empty");
    if (!ids.insert(cue.id).second) throw DataFileError(at + ": duplicate cue id '" + cue.id + "'");
    cues.push_back(std::move(cue));
  }
  return cues;
}

void parse_drills(std::istream& in, const std::string& file_name, CoachingCatalog& catalog) {
  for (const TextRecord& r : read_text_table(in, 4, file_name)) {
    const std::string at = where(file_name, r.line);
    if (r.fields[0] == "note") {
      catalog.recovery_notes.push_back(r.fields[1]);
      continue;
    }
    DrillDef drill{r.fields[0], r.fields[1], r.fields[2], {}};
    std::size_t start = 0;
    const std::string& keys = r.fields[3];
    while (start <= keys.size()) {
      const auto comma = keys.find(',', start);
      std::string key = keys.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      key.erase(0, key.find_first_not_of(' '));
      key.erase(key.find_last_not_of(' ') + 1);
      if (!key.empty()) drill.metrics.push_back(metric_or_throw(key, at));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (drill.metrics.empty()) throw DataFileError(at + ": drill '" + drill.id + "' addresses no metric");
    catalog.drills.push_back(std::move(drill));
  }
}

CoachingCatalog load_coaching_catalog(const std::string& assets_dir) {
  CoachingCatalog catalog;
  const std::string cues_path = assets_dir + "/cues.txt";
  const std::string drills_path = assets_dir + "/drills.txt";
  std::ifstream cues(cues_path);
  if (!cues) throw DataFileError(cues_path + ": cannot open (is --assets pointing at RunForm's assets/ folder?)");
  catalog.cues = parse_cues(cues, cues_path);
  std::ifstream drills(drills_path);
  if (!drills) throw DataFileError(drills_path + ": cannot open (is --assets pointing at RunForm's assets/ folder?)");
  parse_drills(drills, drills_path, catalog);
  return catalog;
}

}  // namespace runform::form
