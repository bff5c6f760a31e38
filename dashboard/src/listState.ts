// The project table's query: filter, sort and the page the user is on. Pure values, so the
// paging rules are testable without a browser. ListProjects pages with opaque tokens that are
// only valid for the same filter and order, so changing either starts again at page 1.
import type { ListProjectsRequest } from "./gen/investtrack/v1/project_service_pb.js";

export type SortField = "create_time" | "update_time" | "display_name" | "total_investment";

export interface ListState {
  readonly filter: string;
  readonly sort: SortField;
  readonly desc: boolean;
  readonly pageSize: number;
  // The token of each page visited so far; pageTokens[0] is "" (the first page). Keeping them
  // is what makes "previous page" possible with forward-only tokens.
  readonly pageTokens: readonly string[];
  readonly page: number; // index into pageTokens
}

export const initialListState: ListState = {
  filter: "",
  sort: "update_time",
  desc: true,
  pageSize: 20,
  pageTokens: [""],
  page: 0,
};

function firstPage(state: ListState): ListState {
  return { ...state, pageTokens: [""], page: 0 };
}

export function withFilter(state: ListState, filter: string): ListState {
  return firstPage({ ...state, filter: filter.trim() });
}

// Clicking the sorted column flips its direction; another column starts in the direction one
// usually wants first: newest or largest on top, names from A/一.
export function toggleSort(state: ListState, field: SortField): ListState {
  if (state.sort === field) return firstPage({ ...state, desc: !state.desc });
  return firstPage({ ...state, sort: field, desc: field !== "display_name" });
}

export function withPageSize(state: ListState, pageSize: number): ListState {
  return firstPage({ ...state, pageSize });
}

// After a page arrives: go on where the next one starts (an empty token: this was the last page).
export function nextPage(state: ListState, nextPageToken: string): ListState {
  if (nextPageToken === "") return state;
  const tokens = [...state.pageTokens.slice(0, state.page + 1), nextPageToken];
  return { ...state, pageTokens: tokens, page: state.page + 1 };
}

export function previousPage(state: ListState): ListState {
  if (state.page === 0) return state;
  return { ...state, page: state.page - 1 };
}

export function orderBy(state: ListState): string {
  return state.desc ? `${state.sort} desc` : state.sort;
}

export function listRequest(state: ListState): Pick<ListProjectsRequest, "filter" | "orderBy" | "pageSize" | "pageToken"> {
  return {
    filter: state.filter,
    orderBy: orderBy(state),
    pageSize: state.pageSize,
    pageToken: state.pageTokens[state.page] ?? "",
  };
}
