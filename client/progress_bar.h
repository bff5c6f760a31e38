// A one-line progress bar on a terminal's stderr, redrawn in place, that steps aside for other
// output. Does nothing when disabled (stderr is a file or a pipe, or there are few items).
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

namespace investtrack::client {

// "[########------------]  12/40  file.txt" fitted into `columns` terminal columns.
std::string render_progress_line(std::size_t done, std::size_t total, std::string_view label,
                                 std::size_t columns);

class ProgressBar {
 public:
  ProgressBar(std::ostream& terminal, std::size_t total, bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void show(std::size_t done, std::string_view label);
  // Erases the bar so a message can be printed on a clean line; the next show() redraws it.
  void clear();

 private:
  std::ostream& terminal_;
  std::size_t total_;
  bool enabled_;
  bool visible_ = false;
};

}  // namespace investtrack::client
