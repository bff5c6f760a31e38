import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { CallerRole, CallerSchema } from "./gen/investtrack/v1/caller_service_pb.js";
import { canEdit, canMerge, whoAmI } from "./role.js";

// GetCaller as investtrackd answers it for a token of `role` (none: a token it does not know).
function server(role: CallerRole | "none" | "other-host") {
  return {
    getCaller: async () => {
      if (role === "none") throw new ConnectError("the access token is not valid", Code.Unauthenticated);
      if (role === "other-host") throw new ConnectError("only accepts calls from the same machine", Code.PermissionDenied);
      return create(CallerSchema, { displayName: "王编辑", role });
    },
  } as never;
}

describe("role gating", () => {
  it("takes the role and name GetCaller gives", async () => {
    expect(await whoAmI(server(CallerRole.READER))).toEqual({ role: "reader", name: "王编辑" });
    expect(await whoAmI(server(CallerRole.EDITOR))).toEqual({ role: "editor", name: "王编辑" });
    expect(await whoAmI(server(CallerRole.ADMIN))).toEqual({ role: "admin", name: "王编辑" });
  });

  it("gives a role added to the API later the fewest controls", async () => {
    expect((await whoAmI(server(7 as CallerRole))).role).toBe("reader");
  });

  it("takes a refused token, or a refused host, for no role", async () => {
    expect(await whoAmI(server("none"))).toEqual({ role: "none", name: "" });
    expect(await whoAmI(server("other-host"))).toEqual({ role: "none", name: "" });
  });

  it("lets editors correct and only admins merge", () => {
    expect([canEdit("reader"), canEdit("editor"), canEdit("admin")]).toEqual([false, true, true]);
    expect([canMerge("editor"), canMerge("admin")]).toEqual([false, true]);
    expect(canEdit("none")).toBe(false);
  });

  it("reports an unreachable server instead of guessing a role", async () => {
    const down = {
      getCaller: async () => {
        throw new ConnectError("connection refused", Code.Unavailable);
      },
    } as never;
    await expect(whoAmI(down)).rejects.toThrow(/connection refused/);
  });
});
