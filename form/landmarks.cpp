#include "form/landmarks.h"

namespace runform::form {

std::string_view to_string(View view) {
  switch (view) {
    case View::kFront: return "front";
    case View::kSide: return "side";
    case View::kAuto: return "auto";
  }
  return "auto";
}

}  // namespace runform::form
