import { describe, expect, it } from "vitest";
import {
  initialListState,
  listRequest,
  nextPage,
  previousPage,
  toggleSort,
  withFilter,
  withPageSize,
} from "./listState.js";

describe("the table's query", () => {
  it("starts with the newest updates first", () => {
    expect(listRequest(initialListState)).toEqual({ filter: "", orderBy: "update_time desc", pageSize: 20, pageToken: "" });
  });

  it("pages forward with the server's tokens and back through the ones it kept", () => {
    let s = nextPage(initialListState, "t2");
    s = nextPage(s, "t3");
    expect(listRequest(s).pageToken).toBe("t3");
    expect(s.page).toBe(2);
    s = previousPage(s);
    expect(listRequest(s).pageToken).toBe("t2");
    s = previousPage(previousPage(s));
    expect(s.page).toBe(0);
    expect(listRequest(s).pageToken).toBe("");
  });

  it("stays on the last page when there is no next token", () => {
    const s = nextPage(initialListState, "");
    expect(s).toBe(initialListState);
  });

  it("forgets pages after going back and forward again", () => {
    let s = nextPage(nextPage(initialListState, "a"), "b");
    s = nextPage(previousPage(s), "b2");
    expect(s.pageTokens).toEqual(["", "a", "b2"]);
  });

  it("starts at page 1 when the filter, the order or the page size changes", () => {
    const deep = nextPage(nextPage(initialListState, "a"), "b");
    for (const s of [withFilter(deep, ' city = "太原市" '), toggleSort(deep, "display_name"), withPageSize(deep, 50)]) {
      expect(s.page).toBe(0);
      expect(listRequest(s).pageToken).toBe("");
    }
    expect(withFilter(deep, ' city = "太原市" ').filter).toBe('city = "太原市"');
  });

  it("flips the direction of the sorted column and picks a natural one for a new column", () => {
    const flipped = toggleSort(initialListState, "update_time");
    expect(listRequest(flipped).orderBy).toBe("update_time");
    expect(listRequest(toggleSort(initialListState, "display_name")).orderBy).toBe("display_name");
    expect(listRequest(toggleSort(initialListState, "total_investment")).orderBy).toBe("total_investment desc");
  });
});
