// `investtrackd health`: asks a running server the standard grpc.health.v1 question, so container
// HEALTHCHECKs need no extra probe binary (Debian packages none).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "tls/client_channel.h"

namespace investtrack::server {

struct HealthCheck {
  std::string target;
  // "" = the whole server.
  std::string service;
  std::chrono::milliseconds timeout{5'000};
  // TLS as the server is configured: on when server_certificate (the server's own --tls-cert) or
  // ca_file is set. The server is verified against ca_file, else its own certificate, and must
  // be issued for server_name, else the first name on its own certificate.
  std::filesystem::path server_certificate;
  std::filesystem::path ca_file;
  std::string server_name;
};

// The address a client on the same host uses to reach a server listening on `listen_address`:
// a wildcard host (0.0.0.0, [::], empty) becomes the loopback address.
std::string local_target_for(const std::string& listen_address);

// The client side of TLS for `check`; throws tls::TlsError when a file cannot be used.
tls::ClientTls health_check_tls(const HealthCheck& check);

// Calls grpc.health.v1.Health/Check for the check's service on its target, prints the answer on
// stdout (or the failure, in TLS terms when TLS was the problem, on stderr) and returns the exit
// status: 0 only for SERVING, 1 for anything else (a container HEALTHCHECK reserves 2).
int check_health(const HealthCheck& check);

}  // namespace investtrack::server
