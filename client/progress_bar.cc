#include "progress_bar.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <ostream>

#include "text_table.h"

namespace investtrack::client {
namespace {

std::size_t terminal_columns() {
  winsize size{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

}  // namespace

std::string render_progress_line(std::size_t done, std::size_t total, std::string_view label,
                                 std::size_t columns) {
  done = std::min(done, total);
  const std::string count = std::to_string(done) + "/" + std::to_string(total);
  constexpr std::size_t kBarWidth = 20;
  const std::size_t filled = total == 0 ? kBarWidth : done * kBarWidth / total;
  std::string line =
      "[" + std::string(filled, '#') + std::string(kBarWidth - filled, '-') + "]  " + count;
  // The last column stays empty: writing into it makes some terminals wrap.
  const std::size_t room = columns > line.size() + 3 ? columns - line.size() - 3 : 0;
  if (!label.empty() && room > 1) line += "  " + truncate_to_width(label, room);
  return line;
}

ProgressBar::ProgressBar(std::ostream& terminal, std::size_t total, bool enabled)
    : terminal_(terminal), total_(total), enabled_(enabled) {}

ProgressBar::~ProgressBar() { clear(); }

void ProgressBar::show(std::size_t done, std::string_view label) {
  if (!enabled_) return;
  terminal_ << "\r\033[K" << render_progress_line(done, total_, label, terminal_columns())
            << std::flush;
  visible_ = true;
}

void ProgressBar::clear() {
  if (!visible_) return;
  terminal_ << "\r\033[K" << std::flush;
  visible_ = false;
}

}  // namespace investtrack::client
