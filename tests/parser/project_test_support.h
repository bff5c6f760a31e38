// Helpers the project-extraction tests share: parse a short bulletin written for a test and look
// at its projects by name.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "investtrack/parser/parse.h"

namespace investtrack::parser::testing {

// The projects of `text`, read with a fixed base date so relative dates are stable.
inline std::vector<Project> projects_of(const std::string& text) {
  ParseOptions options;
  options.base_date = {2023, 10, 31};
  auto result = parse_bulletin(text, options);
  EXPECT_TRUE(std::holds_alternative<ParseResult>(result));
  if (!std::holds_alternative<ParseResult>(result)) return {};
  return std::get<ParseResult>(result).projects;
}

// "[name][name]…", for failure messages.
inline std::string names(const std::vector<Project>& projects) {
  std::string out;
  for (const auto& p : projects) out += "[" + p.display_name + "]";
  return out;
}

// The first project whose name holds `part`, or nullptr.
inline const Project* find_project(const std::vector<Project>& projects, std::string_view part) {
  for (const auto& p : projects) {
    if (p.display_name.find(part) != std::string::npos) return &p;
  }
  return nullptr;
}

// That `text` names exactly one project, called `name`.
inline void expect_one_project_named(const std::string& text, const std::string& name) {
  SCOPED_TRACE(text);
  const auto projects = projects_of(text);
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].display_name, name);
}

}  // namespace investtrack::parser::testing
