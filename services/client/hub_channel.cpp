#include "services/client/hub_channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/client_interceptor.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "services/net/loopback_address.h"

namespace runform::services {

namespace {

// Adds the bearer token to every call's metadata. An interceptor rather than call credentials:
// gRPC sends call credentials over secure channels only, and the loopback test hubs are plaintext.
class BearerTokenInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit BearerTokenInterceptor(std::string header) : header_(std::move(header)) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert({"authorization", header_});
    }
    methods->Proceed();
  }

 private:
  std::string header_;
};

class BearerTokenFactory : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerTokenFactory(std::string token) : header_("Bearer " + std::move(token)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(grpc::experimental::ClientRpcInfo* /*info*/) override {
    return new BearerTokenInterceptor(header_);  // gRPC owns and deletes it
  }

 private:
  std::string header_;
};

std::string read_ca(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  if (in) text << in.rdbuf();
  if (!in || text.str().find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    throw std::invalid_argument("cannot read the club CA certificate '" + path +
                                "' (a PEM file, ca.crt from deploy/make-club-certs.sh)");
  }
  return text.str();
}

}  // namespace

grpc::ChannelArguments hub_channel_arguments() {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 5000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 3000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  // Also the least time one connection attempt gets (gRPC's min connect timeout): a TLS handshake
  // to a busy hub takes longer than 100 ms, and at 100 ms 200 kiosks over TLS never got in.
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 5000);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // one connection per channel, not shared
  return args;
}

std::shared_ptr<grpc::Channel> make_hub_channel(const std::string& target, const HubChannelOptions& options) {
  grpc::ChannelArguments args = hub_channel_arguments();

  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (options.ca_file.empty()) {
    if (!is_loopback_address(target)) {
      throw std::invalid_argument("the hub at '" + target +
                                  "' is not on this machine, so it is reached over TLS only: give the club CA "
                                  "certificate (ca.crt from deploy/make-club-certs.sh)");
    }
    credentials = grpc::InsecureChannelCredentials();
  } else {
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = read_ca(options.ca_file);
    credentials = grpc::SslCredentials(tls);
    if (!options.server_name.empty()) args.SetSslTargetNameOverride(options.server_name);
  }
  if (options.token.empty()) return grpc::CreateCustomChannel(target, credentials, args);
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<BearerTokenFactory>(options.token));
  return grpc::experimental::CreateCustomChannelWithInterceptors(target, credentials, args, std::move(interceptors));
}

std::shared_ptr<grpc::Channel> make_hub_channel(const std::string& target) { return make_hub_channel(target, {}); }

}  // namespace runform::services
