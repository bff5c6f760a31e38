// Parser value types -> investtrack.v1 messages: the one place the two meet, so the parser stays
// free of protobuf and every consumer (CLI, server, store) sees the same records.
#pragma once

#include "investtrack/parser/parse.h"
#include "investtrack/v1/bulletin.pb.h"
#include "investtrack/v1/project.pb.h"

namespace investtrack::parser_proto {

v1::ParseResult to_proto(const parser::ParseResult& result, const parser::ParseOptions& options);
// to_proto(result, options) without its articles and projects (source, encoding, base date,
// warnings): with to_proto() of each article and project, the same message a piece at a time, for
// a consumer that need not hold all of it at once.
v1::ParseResult to_proto_envelope(const parser::ParseResult& result,
                                  const parser::ParseOptions& options);
v1::Article to_proto(const parser::Article& article);
v1::Project to_proto(const parser::Project& project);
v1::ProjectStatus to_proto(parser::ProjectStatus status);
v1::CivilDate to_proto(const parser::CivilDate& date);
parser::CivilDate from_proto(const v1::CivilDate& date);

}  // namespace investtrack::parser_proto
