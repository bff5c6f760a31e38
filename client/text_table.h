// Aligned text tables for terminals: Chinese characters take two columns, so padding is computed
// from display width, not bytes or code points.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace investtrack::client {

// Terminal columns the UTF-8 text occupies (East Asian wide and full-width characters count 2).
std::size_t display_width(std::string_view utf8);

// Cuts text to at most max_columns display columns, ending in "…" when cut.
std::string truncate_to_width(std::string_view utf8, std::size_t max_columns);

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header);
  void add_row(std::vector<std::string> row);
  // Columns separated by two spaces, header underlined; cells wider than max_cell_width are cut.
  std::string render(std::size_t max_cell_width = 40) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace investtrack::client
