// Exit codes of the investtrack CLI. Scripts branch on them, so their meaning never changes; new
// codes may only be added.
#pragma once

namespace investtrack::client {

inline constexpr int kExitOk = 0;
// Some of several inputs failed (an unreadable file, a bulletin the server refused); the others
// were processed.
inline constexpr int kExitSomeInputsFailed = 1;
// The command line was wrong; nothing was sent.
inline constexpr int kExitUsage = 2;
// The server could not be reached or did not answer before the deadline: retrying may help.
inline constexpr int kExitUnavailable = 3;
inline constexpr int kExitNotFound = 4;
// Missing or wrong token, or a role that may not do this.
inline constexpr int kExitPermission = 5;
// Someone else changed the resource first (ABORTED: stale etag) or it exists already: read again,
// then retry.
inline constexpr int kExitConflict = 6;
// The server refused a request argument (a bad filter, an unknown field path).
inline constexpr int kExitInvalidArgument = 7;
inline constexpr int kExitOther = 8;

// The text --help and the README show, one line per code.
inline constexpr const char* kExitCodeHelp =
    "Exit codes:\n"
    "  0  success\n"
    "  1  some inputs failed (the others were processed)\n"
    "  2  usage error (nothing was sent)\n"
    "  3  server unavailable or deadline exceeded\n"
    "  4  not found\n"
    "  5  authentication or permission denied\n"
    "  6  conflict: stale etag (ABORTED) or already exists\n"
    "  7  invalid argument refused by the server (e.g. a bad filter)\n"
    "  8  any other error\n";

}  // namespace investtrack::client
