#include "file_input.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace investtrack::client {
namespace {

// Large enough for any real bulletin or a year of them.
constexpr std::uintmax_t kMaxInputBytes = 512ull * 1024 * 1024;

}  // namespace

std::optional<std::string> read_input_file(const std::string& path, std::string& error) {
  // A directory opens as a stream on Linux and reports a nonsense size.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    error = "is a directory: give its files instead (e.g. " + path + "/*.txt)";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open file";
    return std::nullopt;
  }
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) {
    error = "cannot read file";
    return std::nullopt;
  }
  if (static_cast<std::uintmax_t>(size) > kMaxInputBytes) {
    error = "file is larger than 512 MiB";
    return std::nullopt;
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), size)) {
    error = "cannot read file";
    return std::nullopt;
  }
  return bytes;
}

}  // namespace investtrack::client
