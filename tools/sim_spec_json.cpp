#include "tools/sim_spec_json.h"

#include <stdexcept>

namespace runform::tools {
namespace {

using nlohmann::json;

double number_at(const json& v, const std::string& where) {
  if (!v.is_number()) throw std::invalid_argument(where + " must be a number");
  return v.get<double>();
}

std::vector<sim::Interval> intervals_at(const json& v, const std::string& where) {
  std::vector<sim::Interval> out;
  if (!v.is_array()) throw std::invalid_argument(where + " must be a list of [start_s, end_s] pairs");
  for (const json& pair : v) {
    if (!pair.is_array() || pair.size() != 2) throw std::invalid_argument(where + " entries must be [start_s, end_s]");
    out.push_back({number_at(pair[0], where), number_at(pair[1], where)});
  }
  return out;
}

}  // namespace

void apply_spec_json(const json& doc, sim::SimulationSpec& spec) {
  if (!doc.is_object()) throw std::invalid_argument("spec must be a JSON object");
  for (const auto& [section, body] : doc.items()) {
    if (!body.is_object()) throw std::invalid_argument(section + " must be an object");
    for (const auto& [key, value] : body.items()) {
      const std::string where = section + "." + key;
      if (section == "runner") {
        if (key == "fatigue") {
          for (const json& ramp : value) {
            spec.runner.fatigue.push_back({ramp.value("param", ""), number_at(ramp.value("delta", json()), where + ".delta"),
                                           ramp.contains("start_fraction") ? number_at(ramp["start_fraction"], where) : 0.0});
          }
        } else if (double* field = sim::runner_param(spec.runner, key)) {
          *field = number_at(value, where);
        } else {
          throw std::invalid_argument("unknown runner parameter '" + key + "'");
        }
      } else if (section == "camera") {
        if (key == "view") {
          const std::string v = value.get<std::string>();
          if (v != "front" && v != "side") throw std::invalid_argument("camera.view must be \"front\" or \"side\"");
          spec.camera.view = v == "front" ? form::View::kFront : form::View::kSide;
        } else if (key == "distance_m") spec.camera.distance_m = number_at(value, where);
        else if (key == "height_m") spec.camera.height_m = number_at(value, where);
        else if (key == "width") spec.camera.width_px = static_cast<int>(number_at(value, where));
        else if (key == "height") spec.camera.height_px = static_cast<int>(number_at(value, where));
        else if (key == "fps") spec.camera.fps = number_at(value, where);
        else if (key == "vertical_fov_deg") spec.camera.vertical_fov_deg = number_at(value, where);
        else if (key == "yaw_deg") spec.camera.yaw_deg = number_at(value, where);
        else if (key == "pitch_deg") spec.camera.pitch_deg = number_at(value, where);
        else throw std::invalid_argument("unknown camera setting '" + key + "'");
      } else if (section == "realism") {
        if (key == "noise_torso") spec.realism.noise_torso = number_at(value, where);
        else if (key == "drop_fraction") spec.realism.drop_fraction = number_at(value, where);
        else if (key == "timestamp_jitter_s") spec.realism.timestamp_jitter_s = number_at(value, where);
        else if (key == "seed") spec.realism.seed = static_cast<unsigned>(number_at(value, where));
        else if (key == "hands_on_rails") spec.realism.hands_on_rails = intervals_at(value, where);
        else if (key == "passerby") spec.realism.passerby = intervals_at(value, where);
        else if (key == "far_confidence_min") spec.realism.far_confidence_min = number_at(value, where);
        else if (key == "far_confidence_max") spec.realism.far_confidence_max = number_at(value, where);
        else if (key == "label_swap_every_s") spec.realism.label_swap_every_s = number_at(value, where);
        else if (key == "label_swap_frames") spec.realism.label_swap_frames = static_cast<int>(number_at(value, where));
        else if (key == "belt_drift_fwd_m") spec.realism.belt_drift_fwd_m = number_at(value, where);
        else if (key == "belt_drift_lat_m") spec.realism.belt_drift_lat_m = number_at(value, where);
        else if (key == "belt_drift_period_s") spec.realism.belt_drift_period_s = number_at(value, where);
        else if (key == "hidden_arm") {
          const std::string v = value.get<std::string>();
          if (v == "left") spec.realism.hidden_arm = sim::HiddenArm::kLeft;
          else if (v == "right") spec.realism.hidden_arm = sim::HiddenArm::kRight;
          else if (v == "none") spec.realism.hidden_arm = sim::HiddenArm::kNone;
          else throw std::invalid_argument("realism.hidden_arm must be left, right or none");
        } else throw std::invalid_argument("unknown realism setting '" + key + "'");
      } else {
        throw std::invalid_argument("unknown spec section '" + section + "' (expected runner, camera, realism)");
      }
    }
  }
}

json truth_json(const sim::SimulationSpec& spec, const sim::GroundTruth& truth) {
  json params = json::object();
  for (std::string_view name : sim::runner_param_names()) params[std::string(name)] = *sim::runner_param(spec.runner, name);
  return {{"format", "runform-ground-truth"},
          {"version", 1},
          {"view", std::string(form::to_string(spec.camera.view))},
          {"strides", truth.strides},
          {"metrics", truth.metrics},
          {"params", params}};
}

sim::Interval parse_interval(const std::string& text) {
  const auto dash = text.find('-');
  try {
    if (dash == std::string::npos) throw std::invalid_argument("");
    const sim::Interval i{std::stod(text.substr(0, dash)), std::stod(text.substr(dash + 1))};
    if (i.end_s <= i.start_s) throw std::invalid_argument("");
    return i;
  } catch (const std::exception&) {
    throw std::invalid_argument("'" + text + "' is not an interval START-END in seconds, e.g. 20-30");
  }
}

}  // namespace runform::tools
