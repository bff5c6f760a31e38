// The AIP-160 filter input: Enter applies it (the e2e contract: data-testid="filter").
import { h } from "../dom.js";

export function filterBox(initial: string, onApply: (filter: string) => void): HTMLElement {
  const input = h("input", {
    type: "search",
    "data-testid": "filter",
    placeholder: '筛选，如 status = UNDER_CONSTRUCTION AND city = "太原市"',
    "aria-label": "筛选条件（AIP-160）",
    spellcheck: "false",
  });
  input.value = initial;
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") onApply(input.value);
  });
  const examples = h(
    "details",
    { class: "filter-help" },
    h("summary", {}, "筛选写法"),
    h(
      "ul",
      {},
      h("li", {}, h("code", {}, "status = UNDER_CONSTRUCTION"), " 在建项目（SIGNED 签约，COMPLETED 建成，OPERATING 投产）"),
      h("li", {}, h("code", {}, 'province = "山西省" AND total_investment >= 1000000000'), " 山西省10亿元以上"),
      h("li", {}, h("code", {}, 'display_name : "产业园"'), " 名称含“产业园”"),
      h("li", {}, h("code", {}, 'update_time >= "2026-12-01T00:00:00+08:00"'), " 本月有更新"),
    ),
  );
  return h("div", { class: "filter" }, input, h("button", { type: "button", onclick: () => onApply(input.value) }, "筛选"), examples);
}
