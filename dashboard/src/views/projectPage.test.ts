import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { EvidenceSchema, ProjectSchema, ProjectStatus } from "../gen/investtrack/v1/project_pb.js";
import { ProjectEventSchema, ProjectEvent_Kind } from "../gen/investtrack/v1/project_service_pb.js";
import { evidenceBySentence, mergesInto, statusHistory } from "./projectPage.js";

describe("the project page's data", () => {
  it("shows a sentence once with every field it supports", () => {
    const s = "武乡县食品产业园项目总投资5亿元。";
    const p = create(ProjectSchema, {
      evidence: [
        create(EvidenceSchema, { field: "name", sentence: s, beginOffset: 10n }),
        create(EvidenceSchema, { field: "total_investment", sentence: s, beginOffset: 10n }),
        create(EvidenceSchema, { field: "status", sentence: "已开工。", beginOffset: 40n }),
      ],
    });
    expect(evidenceBySentence(p)).toEqual([
      { sentence: s, fields: ["名称", "总投资"] },
      { sentence: "已开工。", fields: ["状态"] },
    ]);
  });

  it("lists status changes, a bulletin's with its phrase and an editor's with who and why", () => {
    const events = [
      create(ProjectEventSchema, { kind: ProjectEvent_Kind.OBSERVATION, status: ProjectStatus.SIGNED }),
      create(ProjectEventSchema, {
        kind: ProjectEvent_Kind.STATUS_CHANGE,
        status: ProjectStatus.UNDER_CONSTRUCTION,
        statusPhrase: "开工",
        bulletin: "bulletins/1",
      }),
      create(ProjectEventSchema, { kind: ProjectEvent_Kind.EDIT, fieldPath: "status", actor: "王编辑", reason: "见10月31日简报" }),
      create(ProjectEventSchema, {
        kind: ProjectEvent_Kind.STATUS_CHANGE,
        status: ProjectStatus.OPERATING,
        statusPhrase: "开工",
        matchRule: "manual",
      }),
    ];
    expect(statusHistory(events).map((r) => [r.event.status, r.basis, r.source])).toEqual([
      [ProjectStatus.UNDER_CONSTRUCTION, "开工", "公报"],
      [ProjectStatus.OPERATING, "见10月31日简报", "人工更正（王编辑）"],
    ]);
  });

  it("finds the merges into this project that are not split yet", () => {
    const edit = (newValue: string, fieldPath = "merge") => create(ProjectEventSchema, { kind: ProjectEvent_Kind.EDIT, fieldPath, newValue });
    const events = [
      edit('{"merge": "merges/6", "project": "projects/a", "sources": ["projects/c"]}'),
      edit('{"merge": "merges/7", "project": "projects/a", "sources": ["projects/b"]}'),
      edit('{"merge": "merges/8", "project": "projects/other", "sources": ["projects/a"]}'),
      edit("not json"),
      edit('{"merge": "merges/6", "project": "projects/a", "sources": ["projects/c"]}', "split"),
    ];
    expect(mergesInto("projects/a", events)).toEqual([{ merge: "merges/7", sources: ["projects/b"] }]);
  });
});
