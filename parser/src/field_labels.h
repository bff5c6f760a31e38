// The words a field label of a notice or a summary ends with (项目名称：X, 建设单位：Y,
// 投资总额：Z, 建设地点：…, 所属行业：…). One list for the two stages that read such labels: the
// layout, which keeps a record's `label：value` lines apart as its fields, and the projects
// stage, which never takes a label for a project's name. Internal to parser/.
#pragma once

#include <string_view>

namespace investtrack::parser {

inline constexpr std::string_view kFieldLabelEnds[] = {
    "名称", "单位", "性质", "地点", "地址", "内容", "规模", "总额", "投资",
    "时间", "期限", "工期", "年限", "周期", "进度", "进展", "阶段", "状态",
    "概况", "简介", "类别", "类型", "行业", "面积", "产能"};

}  // namespace investtrack::parser
