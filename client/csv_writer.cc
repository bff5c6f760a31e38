#include "csv_writer.h"

#include <ostream>

namespace investtrack::client {

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

CsvWriter::CsvWriter(std::ostream& out, bool byte_order_mark) : out_(out) {
  if (byte_order_mark) out_ << "\xEF\xBB\xBF";
}

void CsvWriter::write_row(const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out_ << ',';
    out_ << csv_field(fields[i]);
  }
  out_ << "\r\n";
}

}  // namespace investtrack::client
