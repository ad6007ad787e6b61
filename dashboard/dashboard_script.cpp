#include "dashboard/dashboard_script.h"

#include <fstream>

namespace runform::dashboard {
namespace {

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return {};
  const auto end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

double parse_number(const std::string& text, const std::string& where, const char* what) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used != text.size() || !(v >= 0.0)) throw std::invalid_argument("negative");
    return v;
  } catch (const std::exception&) {
    throw ScriptError(where + ": '" + text + "' is not " + what);
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
    ScriptStep step{ScriptStep::Kind::kQuit, rest, 0.5, 0.0, line_no};
    auto need = [&](const char* what) {
      if (rest.empty()) throw ScriptError(where + ": '" + verb + "' needs " + what);
    };
    if (verb == "click") {
      need("a control's label");
      step.kind = ScriptStep::Kind::kClick;
      if (const auto at = rest.rfind('@'); at != std::string::npos) {
        step.argument = rest.substr(0, at);
        step.fraction_x = parse_number(rest.substr(at + 1), where, "a fraction 0–1 of the control's width");
        if (step.fraction_x > 1.0) throw ScriptError(where + ": the fraction after '@' must be 0–1");
      }
    } else if (verb == "type") {
      need("text");
      step.kind = ScriptStep::Kind::kType;
    } else if (verb == "key") {
      need("a key");
      step.kind = ScriptStep::Kind::kKey;
      if (rest == "space") step.argument = " ";
      if (step.argument.size() != 1) throw ScriptError(where + ": 'key' takes one character (or 'space'), got '" + rest + "'");
    } else if (verb == "await") {
      need("'ready' or a control's label");
      const auto last_space = rest.rfind(' ');
      std::string target = rest;
      step.seconds = kDefaultAwaitTimeoutS;
      if (last_space != std::string::npos && rest.find_first_not_of("0123456789.", last_space + 1) == std::string::npos) {
        target = trim(rest.substr(0, last_space));
        step.seconds = parse_number(rest.substr(last_space + 1), where, "a number of seconds");
      }
      step.argument = target;
      step.kind = target == "ready" ? ScriptStep::Kind::kAwaitReady : ScriptStep::Kind::kAwaitLabel;
    } else if (verb == "wait") {
      need("seconds");
      step.kind = ScriptStep::Kind::kWait;
      step.seconds = parse_number(rest, where, "a number of seconds");
    } else if (verb == "screenshot") {
      need("a name");
      if (rest.find('/') != std::string::npos) throw ScriptError(where + ": a screenshot name has no '/'");
      step.kind = ScriptStep::Kind::kScreenshot;
    } else if (verb == "quit") {
      step.kind = ScriptStep::Kind::kQuit;
    } else {
      throw ScriptError(where + ": unknown step '" + verb + "' (click, type, key, await, wait, screenshot, quit)");
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

}  // namespace runform::dashboard
