#include "server/api/bulletin_service.h"

#include <exception>
#include <string_view>
#include <variant>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "investtrack/parser/parse.h"
#include "investtrack/parser_proto/convert.h"

namespace investtrack::server::api {

grpc::Status parse_bulletin(const v1::ParseBulletinRequest& request, const BulletinLimits& limits,
                            v1::ParseBulletinResponse& response) {
  const std::string& content = request.content();
  if (content.empty()) {
    return {grpc::StatusCode::INVALID_ARGUMENT, "content is empty: send the bulletin's text as bytes"};
  }
  if (content.size() > limits.max_bulletin_bytes) {
    return {grpc::StatusCode::RESOURCE_EXHAUSTED,
            fmt::format("content is {} bytes; this server accepts bulletins of at most {} bytes",
                        content.size(), limits.max_bulletin_bytes)};
  }

  parser::ParseOptions options;
  options.source_name = request.source();
  if (request.has_base_date()) options.base_date = parser_proto::from_proto(request.base_date());

  std::variant<parser::ParseResult, parser::ParseError> outcome;
  try {
    outcome = parser::parse_bulletin(std::string_view(content), options);
  } catch (const std::exception& e) {
    // The parser promises not to throw on any input; if it does, the caller learns nothing of
    // our internals and the log keeps the details.
    spdlog::error("ParseBulletin: parser threw on source '{}': {}", request.source(), e.what());
    return {grpc::StatusCode::INTERNAL, "the parser failed unexpectedly on this bulletin"};
  }

  if (const auto* error = std::get_if<parser::ParseError>(&outcome)) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            fmt::format("the bulletin could not be read: {} ({} at byte {})", error->message,
                        error->code, error->offset)};
  }
  *response.mutable_result() = parser_proto::to_proto(std::get<parser::ParseResult>(outcome), options);
  return grpc::Status::OK;
}

grpc::Status BulletinService::ParseBulletin(grpc::ServerContext* /*context*/,
                                            const v1::ParseBulletinRequest* request,
                                            v1::ParseBulletinResponse* response) {
  return parse_bulletin(*request, limits_, *response);
}

}  // namespace investtrack::server::api
