#include "text_table.h"

#include <algorithm>

namespace investtrack::client {
namespace {

// Decodes one code point; invalid bytes count as one column-wide replacement.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t len = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 1;
  if (i + len > s.size()) len = 1;
  char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
  for (std::size_t k = 1; k < len; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

int code_point_width(char32_t cp) {
  if (cp == 0) return 0;
  if (cp >= 0x300 && cp <= 0x36F) return 0;  // combining marks
  const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
                    (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
                    (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
                    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
  return wide ? 2 : 1;
}

}  // namespace

std::size_t display_width(std::string_view utf8) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < utf8.size();) width += code_point_width(next_code_point(utf8, i));
  return width;
}

std::string truncate_to_width(std::string_view utf8, std::size_t max_columns) {
  if (display_width(utf8) <= max_columns) return std::string(utf8);
  std::size_t width = 0;
  std::size_t i = 0;
  while (i < utf8.size()) {
    std::size_t next = i;
    const int w = code_point_width(next_code_point(utf8, next));
    if (width + w + 1 > max_columns) break;  // keep one column for the ellipsis
    width += w;
    i = next;
  }
  return std::string(utf8.substr(0, i)) + "…";
}

TextTable::TextTable(std::vector<std::string> header) { rows_.push_back(std::move(header)); }

void TextTable::add_row(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

std::string TextTable::render(std::size_t max_cell_width) const {
  std::size_t columns = 0;
  for (const auto& row : rows_) columns = std::max(columns, row.size());
  std::vector<std::vector<std::string>> cells(rows_.size(), std::vector<std::string>(columns));
  std::vector<std::size_t> widths(columns, 0);
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    for (std::size_t c = 0; c < rows_[r].size(); ++c) {
      cells[r][c] = truncate_to_width(rows_[r][c], max_cell_width);
      widths[c] = std::max(widths[c], display_width(cells[r][c]));
    }
  }
  std::string out;
  auto emit_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t c = 0; c < columns; ++c) {
      line += row[c];
      if (c + 1 < columns) line.append(widths[c] - display_width(row[c]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  for (std::size_t r = 0; r < cells.size(); ++r) {
    emit_row(cells[r]);
    if (r == 0) {
      std::vector<std::string> rule(columns);
      for (std::size_t c = 0; c < columns; ++c) rule[c] = std::string(widths[c], '-');
      emit_row(rule);
    }
  }
  return out;
}

}  // namespace investtrack::client
