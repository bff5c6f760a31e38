// Reading input files whole, with a size bound and a reason when it fails.
#pragma once

#include <optional>
#include <string>

namespace investtrack::client {

// The file's bytes, or nullopt with `error` saying why ("cannot open file", "is a directory: ...",
// "file is larger than 512 MiB"). The bound keeps a wrong path (a disk image) from exhausting
// memory.
std::optional<std::string> read_input_file(const std::string& path, std::string& error);

}  // namespace investtrack::client
