// Reading /metrics as Prometheus would: an HTTP GET on loopback, one sample's value, and
// `promtool check metrics` (Debian's prometheus package) on the text.
#pragma once

#include <optional>
#include <string>

namespace investtrack::testing {

struct HttpReply {
  int status = 0;  // 0: no HTTP answer at all
  std::string body;
};

// GET http://127.0.0.1:port/path with HTTP/1.0, so the server closes the connection at the end.
HttpReply http_get(int port, const std::string& path);

// The value of the sample written exactly as `series` (name{label="value",...}, labels in name
// order as prometheus-cpp writes them), or nullopt when the text has no such line.
std::optional<double> sample_value(const std::string& text, const std::string& series);

// What promtool says about the text when it finds a problem (or cannot be run); empty when the
// text passes.
std::string promtool_check_metrics(const std::string& text);

}  // namespace investtrack::testing
