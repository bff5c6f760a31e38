import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { ErrorInfoSchema } from "./gen/google/rpc/error_details_pb.js";
import { Code, ConnectError } from "@connectrpc/connect";
import { ProjectChangeSchema, type ProjectChange } from "./gen/investtrack/v1/project_service_pb.js";
import { ChangeFeed, retryDelay, type FeedStatus } from "./changeFeed.js";

const change = (token: string) => create(ProjectChangeSchema, { changeToken: token });

// A scripted server: each connection yields its changes and then fails with its error (or ends).
function scripted(connections: { changes: string[]; error?: ConnectError }[]) {
  const resumedFrom: string[] = [];
  let feed: ChangeFeed | undefined;
  const watch = async function* (resumeToken: string): AsyncIterable<ProjectChange> {
    resumedFrom.push(resumeToken);
    const next = connections.shift();
    if (!next) {
      feed?.stop();
      return;
    }
    for (const t of next.changes) yield change(t);
    if (next.error) throw next.error;
  };
  return {
    resumedFrom,
    watch,
    attach(f: ChangeFeed) {
      feed = f;
    },
  };
}

describe("the change feed", () => {
  it("resumes after the last change it delivered", async () => {
    const server = scripted([
      { changes: ["c1", "c2"], error: new ConnectError("server going away", Code.Unavailable) },
      { changes: [], error: new ConnectError("no route", Code.Unavailable) },
      { changes: ["c3"] },
    ]);
    const seen: string[] = [];
    const delays: number[] = [];
    const feed = new ChangeFeed(server.watch, (c) => seen.push(c.changeToken), () => {}, {
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    server.attach(feed);
    await feed.run();
    expect(seen).toEqual(["c1", "c2", "c3"]);
    // Every reconnect asks for what came after the last change seen, never from the start.
    expect(server.resumedFrom).toEqual(["", "c2", "c2", "c3"]);
    expect(feed.resumeToken).toBe("c3");
    // Backoff grows while nothing arrives, and starts over after a change.
    expect(delays).toEqual([500, 1000, 500]);
  });

  it("gives up on a token the server refuses, with the reason", async () => {
    const server = scripted([{ changes: [], error: new ConnectError("bad token", Code.Unauthenticated) }]);
    const statuses: FeedStatus[] = [];
    const feed = new ChangeFeed(server.watch, () => {}, (s) => statuses.push(s), { sleep: async () => {} });
    await feed.run();
    expect(statuses.at(-1)).toMatchObject({ state: "stopped" });
    expect(server.resumedFrom).toEqual([""]);
  });

  it("starts from now when its resume token is no longer accepted", async () => {
    const server = scripted([
      { changes: ["old"], error: new ConnectError("server restarted", Code.Unavailable) },
      { changes: [], error: new ConnectError("resume_token is not valid", Code.InvalidArgument) },
      { changes: ["new"] },
    ]);
    const feed = new ChangeFeed(server.watch, () => {}, () => {}, { sleep: async () => {} });
    server.attach(feed);
    await feed.run();
    expect(server.resumedFrom).toEqual(["", "old", "", "new"]);
  });

  it("resumes from the position a stopping server hands out", async () => {
    const shutdown = new ConnectError("the server is shutting down", Code.Unavailable, undefined, [
      { desc: ErrorInfoSchema, value: { reason: "SHUTTING_DOWN", metadata: { resumeToken: "pos9" } } },
    ]);
    const server = scripted([{ changes: ["c1"], error: shutdown }, { changes: ["c10"] }]);
    const feed = new ChangeFeed(server.watch, () => {}, () => {}, { sleep: async () => {} });
    server.attach(feed);
    await feed.run();
    expect(server.resumedFrom).toEqual(["", "pos9", "c10"]);
  });

  it("waits at most the maximum between attempts", () => {
    expect(retryDelay(0)).toBe(500);
    expect(retryDelay(3)).toBe(4000);
    expect(retryDelay(10)).toBe(10_000);
  });
});
