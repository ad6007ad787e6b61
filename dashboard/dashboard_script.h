// A test script of a coach's input for the dashboard (--script FILE): one step per line, each
// waiting for what it needs (a control, a panel's data) rather than for a time.
//
//   click LABEL[@FX]         click the control labelled LABEL (at fraction FX of its width, e.g.
//                            a chart: "click chart:shoulders.elevation_pct@0.5"); waits up to 20 s
//   type TEXT                type into the focused text field, one character a frame
//   key C                    press the shortcut key C (one character: 1-9, w, space, [, ], …)
//   await ready [TIMEOUT_S]  wait until the shown panel has what it shows (default 60 s)
//   await LABEL [TIMEOUT_S]  wait until a control labelled LABEL is drawn
//   wait SECONDS             let time pass
//   screenshot NAME          save NAME.png in the screenshot folder
//   quit                     end the app (exit 0)
//
// Lines starting with '#' and blank lines are ignored.
#pragma once

#include <filesystem>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

namespace runform::dashboard {

/// One step.
struct ScriptStep {
  enum class Kind { kClick, kType, kKey, kAwaitReady, kAwaitLabel, kWait, kScreenshot, kQuit } kind;
  std::string argument;     ///< label, text, key or file name
  double fraction_x = 0.5;  ///< kClick: where across the control
  double seconds = 0.0;     ///< kAwait* timeout, kWait duration
  int line = 0;             ///< for error messages
};

/// A script that cannot be read; the message names the line.
class ScriptError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Default wait in `await`.
inline constexpr double kDefaultAwaitTimeoutS = 60.0;
/// How long `click` waits for its control to be drawn.
inline constexpr double kClickTimeoutS = 20.0;

/// Parses a script; throws ScriptError naming the line and the problem.
std::vector<ScriptStep> parse_script(std::istream& in, const std::string& name);
/// Reads a script file.
std::vector<ScriptStep> load_script(const std::filesystem::path& file);

}  // namespace runform::dashboard
