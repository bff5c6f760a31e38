// RFC 4180 CSV: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote, CR
// or LF, quotes doubled. UTF-8 throughout; the optional byte-order mark makes spreadsheet software
// (Excel) read the file as UTF-8 instead of the local code page.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace investtrack::client {

// One field, quoted when needed.
std::string csv_field(std::string_view value);

class CsvWriter {
 public:
  // Writes the BOM at once when asked, so even an empty export opens as UTF-8.
  CsvWriter(std::ostream& out, bool byte_order_mark);
  void write_row(const std::vector<std::string>& fields);

 private:
  std::ostream& out_;
};

}  // namespace investtrack::client
