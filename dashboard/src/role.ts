// What the caller may do, which decides the controls the page shows. investtrackd's GetCaller
// names the role of the token a call carries (the page's own, else the dashboard server's), so
// the page asks once and makes no call that would be refused.
// Hiding controls is a convenience only: investtrackd refuses what a role may not do anyway.
import { Code } from "@connectrpc/connect";
import { errorCode } from "./errors.js";
import type { Api } from "./api.js";
import { CallerRole } from "./gen/investtrack/v1/caller_service_pb.js";

export type Role = "none" | "reader" | "editor" | "admin";

const rank: Record<Role, number> = { none: 0, reader: 1, editor: 2, admin: 3 };

export const roleNames: Record<Role, string> = {
  none: "未授权",
  reader: "只读",
  editor: "编辑",
  admin: "管理员",
};

export interface Who {
  role: Role;
  // The name the server's token list gives the token; empty for none.
  name: string;
}

// The API may add roles; one this page does not know gets the fewest controls rather than none.
export function roleFrom(role: CallerRole): Role {
  switch (role) {
    case CallerRole.ADMIN:
      return "admin";
    case CallerRole.EDITOR:
      return "editor";
    default:
      return "reader";
  }
}

// Who the caller is; "none" when investtrackd does not accept the token (or, without tokens, the
// machine). Any other failure (the server unreachable) is thrown, not taken for a role.
export async function whoAmI(caller: Pick<Api["caller"], "getCaller">): Promise<Who> {
  try {
    const who = await caller.getCaller({});
    return { role: roleFrom(who.role), name: who.displayName };
  } catch (e) {
    const code = errorCode(e);
    if (code === Code.Unauthenticated || code === Code.PermissionDenied) return { role: "none", name: "" };
    throw e;
  }
}

// Correcting a project's status or name (UpdateProject).
export function canEdit(role: Role): boolean {
  return rank[role] >= rank.editor;
}

// Merging and splitting projects (MergeProjects, SplitProject).
export function canMerge(role: Role): boolean {
  return rank[role] >= rank.admin;
}
