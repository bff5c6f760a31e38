import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { ProjectSchema, LocationSchema, AmountSchema } from "./gen/investtrack/v1/project_pb.js";
import { extractedTerms, highlight } from "./highlight.js";

describe("evidence highlighting", () => {
  it("marks the longest term at each place", () => {
    const segments = highlight("武乡县食品产业园项目总投资5亿元。", ["武乡县", "武乡县食品产业园项目", "5亿元"]);
    expect(segments).toEqual([
      { text: "武乡县食品产业园项目", marked: true },
      { text: "总投资", marked: false },
      { text: "5亿元", marked: true },
      { text: "。", marked: false },
    ]);
  });

  it("leaves a sentence without terms as it is", () => {
    expect(highlight("会议指出。", ["项目"])).toEqual([{ text: "会议指出。", marked: false }]);
  });

  it("takes the terms from the project's extracted fields, skipping single characters", () => {
    const p = create(ProjectSchema, {
      displayName: "太原数据中心项目",
      statusPhrase: "开工",
      organizations: ["中国移动"],
      location: create(LocationSchema, { province: "山西省", city: "太原市", county: "" }),
      totalInvestmentAmount: create(AmountSchema, { text: "约20亿元" }),
      level: "省",
    });
    expect(extractedTerms(p).sort()).toEqual(["中国移动", "山西省", "太原市", "太原数据中心项目", "开工", "约20亿元"].sort());
  });
});
