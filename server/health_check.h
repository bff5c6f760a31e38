// `investtrackd health`: asks a running server the standard grpc.health.v1 question, so container
// HEALTHCHECKs need no extra probe binary (Debian packages none).
#pragma once

#include <chrono>
#include <string>

namespace investtrack::server {

// The address a client on the same host uses to reach a server listening on `listen_address`:
// a wildcard host (0.0.0.0, [::], empty) becomes the loopback address.
std::string local_target_for(const std::string& listen_address);

// Calls grpc.health.v1.Health/Check for `service` ("" = the whole server) on `target`, prints the
// answer on stdout (or the failure on stderr) and returns the exit status: 0 only for SERVING.
int check_health(const std::string& target, const std::string& service, std::chrono::milliseconds timeout);

}  // namespace investtrack::server
