// A test script of runner input for the kiosk (--script FILE): one step per line, run in order,
// each waiting for what it needs (a screen, a control) rather than for a time, so a loaded CI
// machine runs the same script the same way.
//
//   await SCREEN [TIMEOUT_S]   wait until SCREEN shows (attract, checkin, setup, calibration,
//                              running, summary); default timeout 60 s
//   tap LABEL                  tap the control labelled LABEL (waits up to 20 s for it)
//   type DIGITS                tap keypad keys, one per frame
//   badge CODE                 demo: hold a QR badge with CODE up to the synthetic camera
//   unbadge                    take the badge away
//   wait SECONDS               let time pass
//   screenshot NAME            save NAME.png in the screenshot folder
//   quit                       end the app (exit 0)
//
// Lines starting with '#' and blank lines are ignored.
#pragma once

#include <filesystem>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

namespace runform::kiosk {

/// One step.
struct ScriptStep {
  enum class Kind { kAwait, kTap, kType, kBadge, kUnbadge, kWait, kScreenshot, kQuit } kind;
  std::string argument;   ///< screen name, label, digits, code or file name
  double seconds = 0.0;   ///< kAwait timeout, kWait duration
  int line = 0;           ///< for error messages
};

/// A script that cannot be read; the message names the line.
class ScriptError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Default wait for a screen in `await`.
inline constexpr double kDefaultAwaitTimeoutS = 60.0;
/// How long `tap` waits for its control to be drawn.
inline constexpr double kTapTimeoutS = 20.0;

/// Parses a script; throws ScriptError naming the line and the problem.
std::vector<ScriptStep> parse_script(std::istream& in, const std::string& name);
/// Reads a script file.
std::vector<ScriptStep> load_script(const std::filesystem::path& file);

}  // namespace runform::kiosk
