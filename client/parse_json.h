// `investtrack parse --format=json` output without protobuf's JSON printer.
//
// google::protobuf::util::MessageToJsonString serializes the message to binary, reads that back
// through a type resolver and escapes every string code point by code point: about a tenth of the
// CLI's time on real bulletins, whose paragraphs and evidence sentences make up most of the
// output. This writer prints a v1::ParseResult straight from its fields, byte for byte as
// MessageToJsonString does with preserve_proto_field_names (and no other option): fields in
// field-number order, proto3 defaults left out, set sub-messages printed even when empty ({}),
// 64-bit integers quoted, doubles as protobuf's SimpleDtoa prints them, and protobuf's escaping
// (", \, <, >, control characters and the invisible code points it lists as \uXXXX).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "investtrack/parser/parse.h"
#include "investtrack/v1/bulletin.pb.h"

namespace investtrack::client {

// Appends the JSON of result to out (no trailing newline) and returns true. Returns false, with
// out unchanged, when a string is not well-formed UTF-8: protobuf drops such bytes in its own way
// (and logs), so the caller prints that result with MessageToJsonString instead.
bool append_parse_result_json(const v1::ParseResult& result, std::string& out);

// The JSON of a parse's first articles, written on the parser's second thread while it would
// otherwise wait (ParseOptions::while_idle): on a large bulletin it idles about 30 ms near the end,
// and the articles are final by then. write_parse_result_json() prints these and writes the rest.
class ArticlesWrittenAhead {
 public:
  // As ParseOptions::while_idle: writes runs of articles until all are written or `stop`.
  void write(const std::vector<parser::Article>& articles, const std::function<bool()>& stop);

 private:
  friend bool write_parse_result_json(const parser::ParseResult&, const parser::ParseOptions&,
                                      std::vector<std::string>&, ArticlesWrittenAhead*);
  std::vector<std::string> runs_;  // the JSON of articles [0, articles_), in order
  std::size_t articles_ = 0;
  bool ok_ = true;
};

// The same JSON as append_parse_result_json(parser_proto::to_proto(result, options), out), and
// false in the same cases (with parts unchanged), without the whole message: each article and
// project is converted as it is written. The JSON is appended to parts as several strings, to be
// printed one after the other: with options.threads >= 2 and a large result, runs of articles and
// projects are written on two threads, each run into its own string (joining them would copy the
// whole output once more). On a large bulletin, converting and writing the result was the last
// tenth of the CLI's time, with the second core idle. `ahead`, when given, holds the JSON of the
// result's first articles, written during the parse; its runs are moved into parts.
bool write_parse_result_json(const parser::ParseResult& result, const parser::ParseOptions& options,
                             std::vector<std::string>& parts,
                             ArticlesWrittenAhead* ahead = nullptr);

}  // namespace investtrack::client
