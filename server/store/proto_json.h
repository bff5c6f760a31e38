#pragma once

#include <string>

#include <google/protobuf/message.h>

namespace investtrack::store {

// The proto3 JSON form of `message` with proto field names and default values left out: what
// protobuf's MessageToJsonString gives with preserve_proto_field_names, as the same JSON value
// (field order and number spelling may differ; jsonb keeps neither). Written straight from
// reflection, several times faster than protobuf's converter, which ingest ran for every
// observation it stored. Messages it does not cover (maps, invalid UTF-8) and google.protobuf
// types inside a message go through protobuf's own writer, so the result is the same for any
// message. Throws std::runtime_error only if protobuf's writer fails.
std::string proto_to_json(const google::protobuf::Message& message);

// protobuf's MessageToJsonString with the options above; throws std::runtime_error on failure.
std::string protobuf_to_json(const google::protobuf::Message& message);

}  // namespace investtrack::store
