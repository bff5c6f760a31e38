// Ending the gRPC server on SIGTERM without waiting on clients that have nothing in flight.
//
// grpc::Server::Shutdown(deadline) returns only once every connection is gone. It says GOAWAY
// and then waits for each client to acknowledge a ping, and a client that holds an idle channel
// without polling it (a C++ client between calls polls only every 5 s) keeps the server for
// seconds, up to the whole grace period. So the server counts the calls it holds (api::OpenCalls)
// and, once none is left, closes the idle connections itself.
#pragma once

#include <chrono>

#include <grpcpp/grpcpp.h>

#include "server/api/open_calls.h"

namespace investtrack::server {

// Stops `server` from taking calls, lets the open ones finish within `grace`, then closes every
// connection left (cancelling calls past the grace period) and waits for the server to end.
// Returns how many calls were still open when the grace period ran out (and were cancelled).
int stop_serving(grpc::Server& server, const api::OpenCalls& open_calls,
                 std::chrono::milliseconds grace);

}  // namespace investtrack::server
