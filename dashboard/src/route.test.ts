import { describe, expect, it } from "vitest";
import { parseRoute } from "./route.js";

describe("routes", () => {
  it("reads project pages, the review queue and falls back to the overview", () => {
    expect(parseRoute("#/projects/68be3298-14dd")).toEqual({ page: "project", id: "68be3298-14dd" });
    expect(parseRoute("#/review")).toEqual({ page: "review" });
    expect(parseRoute("")).toEqual({ page: "overview" });
    expect(parseRoute("#/projects/")).toEqual({ page: "overview" });
    expect(parseRoute("#/projects/%E0%A4%A")).toEqual({ page: "overview" });
  });
});
