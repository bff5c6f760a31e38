import { describe, expect, it } from "vitest";
import { Code, ConnectError } from "@connectrpc/connect";
import { canEdit, canMerge, probeRole, type Role } from "./role.js";

// investtrackd as a caller with `role` sees it: role first, then the (empty) request.
function server(role: Role) {
  const rank = { none: 0, reader: 1, editor: 2, admin: 3 }[role];
  const call = (needed: number) => async () => {
    if (rank === 0) throw new ConnectError("missing token", Code.Unauthenticated);
    if (rank < needed) throw new ConnectError("role too low", Code.PermissionDenied);
    throw new ConnectError("project is required", Code.InvalidArgument);
  };
  return {
    listProjects: async () => {
      if (rank === 0) throw new ConnectError("missing token", Code.Unauthenticated);
      return {};
    },
    updateProject: call(2),
    mergeProjects: call(3),
  } as never;
}

describe("role gating", () => {
  it.each<Role>(["none", "reader", "editor", "admin"])("reads the role %s from the server's answers", async (role) => {
    expect(await probeRole(server(role))).toBe(role);
  });

  it("lets editors correct and only admins merge", () => {
    expect([canEdit("reader"), canEdit("editor"), canEdit("admin")]).toEqual([false, true, true]);
    expect([canMerge("editor"), canMerge("admin")]).toEqual([false, true]);
    expect(canEdit("none")).toBe(false);
  });

  it("reports an unreachable server instead of guessing a role", async () => {
    const down = {
      listProjects: async () => {
        throw new ConnectError("connection refused", Code.Unavailable);
      },
    } as never;
    await expect(probeRole(down)).rejects.toThrow(/connection refused/);
  });
});
