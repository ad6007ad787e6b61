#include "kiosk/input_script.h"

#include <fstream>
#include <sstream>

#include "kiosk/kiosk_flow.h"

namespace runform::kiosk {
namespace {

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return {};
  const auto end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

double parse_seconds(const std::string& text, const std::string& where) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used != text.size() || !(v >= 0.0)) throw std::invalid_argument("negative");
    return v;
  } catch (const std::exception&) {
    throw ScriptError(where + ": '" + text + "' is not a number of seconds (e.g. 2.5)");
  }
}

}  // namespace

std::vector<ScriptStep> parse_script(std::istream& in, const std::string& name) {
  std::vector<ScriptStep> steps;
  std::string raw;
  int line_no = 0;
  while (std::getline(in, raw)) {
    ++line_no;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    const std::string where = name + ":" + std::to_string(line_no);
    const auto space = line.find(' ');
    const std::string verb = line.substr(0, space);
    const std::string rest = space == std::string::npos ? "" : trim(line.substr(space + 1));
    ScriptStep step{ScriptStep::Kind::kQuit, rest, 0.0, line_no};
    auto need_argument = [&](const char* what) {
      if (rest.empty()) throw ScriptError(where + ": '" + verb + "' needs " + what);
    };
    if (verb == "await") {
      need_argument("a screen name");
      std::istringstream words(rest);
      std::string screen;
      std::string timeout;
      words >> screen >> timeout;
      // The assessment screens (runform-kiosk --assessment) are named by AssessmentRun.
      const bool assessment_screen =
          screen == "assessment-checkin" || screen == "assessment-instructions" || screen == "assessment-step" ||
          screen == "assessment-handover";
      if (!screen_from_string(screen) && !assessment_screen) {
        throw ScriptError(where + ": unknown screen '" + screen +
                          "' (attract, checkin, setup, calibration, running, summary, assessment-checkin, "
                          "assessment-instructions, assessment-step, assessment-handover)");
      }
      step = {ScriptStep::Kind::kAwait, screen, timeout.empty() ? kDefaultAwaitTimeoutS : parse_seconds(timeout, where),
              line_no};
    } else if (verb == "tap") {
      need_argument("a control's label");
      step.kind = ScriptStep::Kind::kTap;
    } else if (verb == "type") {
      need_argument("digits");
      if (rest.find_first_not_of("0123456789") != std::string::npos) {
        throw ScriptError(where + ": 'type' takes digits only, got '" + rest + "'");
      }
      step.kind = ScriptStep::Kind::kType;
    } else if (verb == "badge") {
      need_argument("a code");
      step.kind = ScriptStep::Kind::kBadge;
    } else if (verb == "unbadge") {
      step.kind = ScriptStep::Kind::kUnbadge;
    } else if (verb == "wait") {
      need_argument("seconds");
      step = {ScriptStep::Kind::kWait, {}, parse_seconds(rest, where), line_no};
    } else if (verb == "screenshot") {
      need_argument("a name");
      if (rest.find('/') != std::string::npos) throw ScriptError(where + ": a screenshot name has no '/'");
      step.kind = ScriptStep::Kind::kScreenshot;
    } else if (verb == "quit") {
      step.kind = ScriptStep::Kind::kQuit;
    } else {
      throw ScriptError(where + ": unknown step '" + verb +
                        "' (await, tap, type, badge, unbadge, wait, screenshot, quit)");
    }
    steps.push_back(step);
  }
  return steps;
}

std::vector<ScriptStep> load_script(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw ScriptError("cannot read script " + file.string() + ": check the path");
  return parse_script(in, file.filename().string());
}

}  // namespace runform::kiosk
