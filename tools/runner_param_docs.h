// `runform simulate --list-params`: every runner parameter --set and --fatigue take, with its
// unit, default and meaning.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace runform::tools {

/// Unit and meaning of a runner parameter, for people.
struct RunnerParamDoc {
  std::string_view unit;
  std::string_view meaning;
};

/// The documentation of a parameter; a parameter not documented here still gets a unit read from
/// its name's suffix (_deg, _pct, _cm, _spm, _mps, _bpm, _s).
RunnerParamDoc runner_param_doc(std::string_view name);

/// Writes the table: name, default, unit, meaning; one parameter a line.
void write_runner_params(std::ostream& out);

}  // namespace runform::tools
