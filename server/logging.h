// Process-wide logging set-up: spdlog to stderr, one line per event, as text or as JSON lines.
#pragma once

#include <string>
#include <string_view>

#include <spdlog/common.h>

#include "server/config.h"

namespace investtrack::server {

// Replaces spdlog's default logger. Call once at start-up, before any other thread logs.
void configure_logging(LogFormat format, spdlog::level::level_enum level);

// `text` as the contents of a JSON string (without the quotes). Invalid UTF-8 becomes U+FFFD so
// the line stays valid JSON whatever a message carries.
std::string json_escape(std::string_view text);

// `text` with control characters (newlines in database errors, say) written as escapes, so a
// text-format event stays on one line.
std::string single_line(std::string_view text);

}  // namespace investtrack::server
