// Whether a gRPC address names this machine only. Plaintext is allowed on loopback alone (with an
// explicit flag on the hub): anything that leaves the machine goes over TLS.
#pragma once

#include <string_view>

namespace runform::services {

/// True for one address that is 127.x.y.z:port, localhost:port, [::1]:port or a unix: socket.
inline bool is_single_loopback_address(std::string_view address) {
  if (address.starts_with("unix:") || address.starts_with("unix-abstract:")) return true;
  std::string_view host = address;
  if (host.starts_with('[')) {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return false;
    host = host.substr(1, close - 1);
    return host == "::1";
  }
  const auto colon = host.rfind(':');
  if (colon != std::string_view::npos) host = host.substr(0, colon);
  if (host == "localhost") return true;
  if (!host.starts_with("127.")) return false;
  // 127.0.0.0/8, written as four dotted decimal numbers.
  int dots = 0;
  for (const char c : host) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') return false;
  }
  return dots == 3;
}

/// True for 127.x.y.z:port, localhost:port, [::1]:port and unix: sockets, and for a gRPC
/// "ipv4:"/"ipv6:" list (a kiosk that knows several hubs) whose every address is one of those;
/// false for anything else, including 0.0.0.0 and [::] (which listen on every interface) and
/// names we cannot vouch for.
inline bool is_loopback_address(std::string_view address) {
  if (address.starts_with("unix:") || address.starts_with("unix-abstract:")) return true;
  if (address.starts_with("dns:///")) return is_single_loopback_address(address.substr(7));
  if (!address.starts_with("ipv4:") && !address.starts_with("ipv6:")) return is_single_loopback_address(address);
  address.remove_prefix(5);
  if (address.empty()) return false;
  while (true) {
    const auto comma = address.find(',');
    if (!is_single_loopback_address(address.substr(0, comma))) return false;
    if (comma == std::string_view::npos) return true;
    address.remove_prefix(comma + 1);
  }
}

}  // namespace runform::services
