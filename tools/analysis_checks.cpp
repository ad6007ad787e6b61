#include "tools/analysis_checks.h"

#include <cstdio>

namespace runform::tools {
namespace {

// What each model can see, for the message when it saw no one.
std::string model_sight(const std::string& model) {
  if (model == "synthetic-markers") {
    return "model 'synthetic-markers' is generated: it sees only the coloured joint markers that RunForm's rendered "
           "runner wears (runform simulate --render), never a real person";
  }
  return "model '" + model + "' is a trained pose model: it needs one person, mostly in view and lit, facing or side on";
}

std::string percent(std::size_t part, std::size_t whole) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

}  // namespace

std::optional<std::string> clip_failure(const ClipFacts& f) {
  if (f.frames_with_runner > 0) return std::nullopt;
  const std::string size = std::to_string(f.width_px) + "×" + std::to_string(f.height_px);
  std::string message = "no runner found in any of the " + std::to_string(f.frames_read) + " frames of " + f.clip +
                        ", so there is nothing to analyse.\n  " + model_sight(f.model) + ".\n  ";
  message += f.zone.empty() ? "zone: the whole " + size + " frame."
                            : "zone: " + f.zone + " (x,y,w,h px) of the " + size +
                                  " frame; the runner's hips must stay inside it: check it against the clip.";
  if (f.model == "synthetic-markers") {
    message += "\n  For video of a real person, fetch a trained model: bash deploy/fetch-models.sh movenet-lightning && "
               "runform prepare-model movenet-lightning, then add --model movenet-lightning.";
  }
  return message;
}

std::vector<std::string> clip_warnings(const ClipFacts& f) {
  std::vector<std::string> warnings;
  if (f.frames_expected > 0 &&
      static_cast<double>(f.frames_read) < kMinDecodedShare * static_cast<double>(f.frames_expected)) {
    warnings.push_back("only " + std::to_string(f.frames_read) + " of the " + std::to_string(f.frames_expected) +
                       " frames the file announces could be read (" + percent(f.frames_read, f.frames_expected) +
                       "): the clip looks damaged or cut short, so the results cover only its start");
  }
  if (f.frames_read > 0 && static_cast<double>(f.frames_with_runner) < kMinRunnerShare * static_cast<double>(f.frames_read)) {
    warnings.push_back("the runner was found in only " + std::to_string(f.frames_with_runner) + " of " +
                       std::to_string(f.frames_read) + " frames (" + percent(f.frames_with_runner, f.frames_read) +
                       "): the results rest on that part of the clip");
  }
  return warnings;
}

std::optional<std::string> view_warning(const ViewCheck& c) {
  if (c.requested == form::View::kAuto || c.detected == form::View::kAuto || c.requested == c.detected) return std::nullopt;
  return "--view " + std::string(form::to_string(c.requested)) + " was forced, but the runner looks filmed from the " +
         std::string(form::to_string(c.detected)) + ": " + std::string(form::to_string(c.requested)) +
         "-view metrics and faults below are unreliable. Leave out --view to use the detected view.";
}

nlohmann::json view_json(const ViewCheck& c) {
  return {{"requested", std::string(form::to_string(c.requested))},
          {"detected", std::string(form::to_string(c.detected))},
          {"agrees", !view_warning(c).has_value()}};
}

}  // namespace runform::tools
