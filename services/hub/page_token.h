// Opaque page tokens: the position after a page, hex-encoded so clients treat it as a token.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace runform::services {

/// Hex-encodes a position.
std::string encode_page_token(std::string_view position);
/// Decodes a token; nullopt if it is not one of ours.
std::optional<std::string> decode_page_token(std::string_view token);

}  // namespace runform::services
