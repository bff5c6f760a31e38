// Articles -> project records: find project mentions, merge the names of one project, read each
// project's status, money, quantities, place, organizations and dates, with evidence.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "investtrack/parser/layout.h"
#include "investtrack/parser/text.h"
#include "investtrack/parser/types.h"

namespace investtrack::parser {

// Status of one clause as the text says it was reached; kUnknown when the clause reports no stage.
// Plans (将/计划/预计/力争/目标/明年) do not count as reached. phrase receives the deciding words.
struct StatusReading {
  ProjectStatus status = ProjectStatus::kUnknown;
  std::string phrase;
  bool ceremony = false;
  Span span;  // of phrase, in the clause
  // A stage the clause announces as a plan (确保明年投产 -> kOperating); kUnknown when none.
  ProjectStatus planned = ProjectStatus::kUnknown;
  std::string planned_phrase;
  Span planned_span;
  // The deciding verb takes the project as its object (引进X, 签约X, 开工建设X): the project named
  // after the phrase is the one it speaks of.
  bool object_first = false;
};
StatusReading read_status(std::string_view clause);

// Order of stages for "the latest stage reached": suspension and cancellation rank above progress.
int status_rank(ProjectStatus status);

// should_stop: see ParseOptions; throws ParseStopped when it says so. while_idle: see ParseOptions.
std::vector<Project> extract_projects(
    const NormalizedText& text, const std::vector<Article>& articles, const CivilDate& base_date,
    std::vector<Warning>& warnings, int threads = 1, const std::function<bool()>& should_stop = {},
    const std::function<void(const std::vector<Article>&, const std::function<bool()>&)>&
        while_idle = {});

}  // namespace investtrack::parser
