// Whether a gRPC address names this machine only. Plaintext is allowed on loopback alone (with an
// explicit flag on the hub): anything that leaves the machine goes over TLS.
#pragma once

#include <string_view>

namespace runform::services {

/// True for 127.x.y.z:port, localhost:port, [::1]:port and unix: sockets; false for anything
/// else, including 0.0.0.0 and [::] (which listen on every interface) and names we cannot vouch for.
inline bool is_loopback_address(std::string_view address) {
  if (address.starts_with("unix:") || address.starts_with("unix-abstract:")) return true;
  if (address.starts_with("ipv4:")) address.remove_prefix(5);
  else if (address.starts_with("ipv6:")) address.remove_prefix(5);
  else if (address.starts_with("dns:///")) address.remove_prefix(7);
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

}  // namespace runform::services
