#include "server/api/caller_service.h"

namespace investtrack::server::api {
namespace {

v1::CallerRole to_proto(Role role) {
  switch (role) {
    case Role::kReader:
      return v1::CALLER_ROLE_READER;
    case Role::kEditor:
      return v1::CALLER_ROLE_EDITOR;
    case Role::kAdmin:
      return v1::CALLER_ROLE_ADMIN;
  }
  return v1::CALLER_ROLE_UNSPECIFIED;
}

}  // namespace

grpc::Status CallerService::GetCaller(grpc::ServerContext* context,
                                      const v1::GetCallerRequest* /*request*/,
                                      v1::Caller* response) {
  // The lowest role: whoever the runner lets in may learn who they are; the runner has already
  // answered everyone else (UNAUTHENTICATED, PERMISSION_DENIED) before this body runs.
  return runner_.run(context, "GetCaller", Role::kReader, [&](const CallScope& scope) {
    response->set_display_name(scope.caller.name);
    response->set_role(to_proto(scope.caller.role));
    return grpc::Status::OK;
  });
}

}  // namespace investtrack::server::api
