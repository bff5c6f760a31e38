// The one way our clients (the investtrack CLI, `investtrackd health`) open a channel to
// investtrackd: plaintext, or TLS verified against a CA file or the system's roots, and what a
// failed call says about TLS when the handshake was the problem.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

namespace investtrack::tls {

struct ClientTls {
  // TLS on. With no ca_file the server is verified against the system's roots.
  bool enabled = false;
  // PEM certificates the server's certificate must chain to (a private CA, or a self-signed
  // server certificate itself).
  std::filesystem::path ca_file;
  // The name the server's certificate must be issued for; empty = the host part of the target.
  // Needed when the address is not a name on the certificate (127.0.0.1 inside a container).
  std::string server_name;
};

// Plaintext when TLS is off. Throws TlsError when the CA file (or the system's roots) cannot
// be read or holds no certificate, or a server name is given with TLS off: before anything is sent.
std::shared_ptr<grpc::ChannelCredentials> channel_credentials(const ClientTls& tls);

// A channel to `target` with channel_credentials(tls) and, for TLS, the expected server name.
std::shared_ptr<grpc::Channel> create_channel(const std::string& target, const ClientTls& tls,
                                              grpc::ChannelArguments arguments = {});

// For a failed call: what went wrong in TLS terms (certificate not trusted, wrong name, a server
// that does not speak TLS, or one that may want it), as one sentence naming the options that fix
// it; empty when the status does not look like a TLS problem. gRPC itself reports all of these
// as UNAVAILABLE with transport text.
std::string connection_failure_hint(const grpc::Status& status);

}  // namespace investtrack::tls
