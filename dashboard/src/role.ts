// What the caller may do, which decides the controls the page shows. The API has no call that
// names the caller's role, so it is read from how investtrackd answers two harmless calls:
// investtrackd checks the role before it looks at the request, so an empty UpdateProject is
// PERMISSION_DENIED for a reader and INVALID_ARGUMENT ("project is required") for an editor,
// and an empty MergeProjects likewise separates editors from admins. Neither touches the register.
// Hiding controls is a convenience only: investtrackd refuses what a role may not do anyway.
import { Code } from "@connectrpc/connect";
import { errorCode } from "./errors.js";
import type { Api } from "./api.js";

export type Role = "none" | "reader" | "editor" | "admin";

const rank: Record<Role, number> = { none: 0, reader: 1, editor: 2, admin: 3 };

export const roleNames: Record<Role, string> = {
  none: "未授权",
  reader: "只读",
  editor: "编辑",
  admin: "管理员",
};

type Probe = Pick<Api["projects"], "listProjects" | "updateProject" | "mergeProjects">;

// True when the call was refused for the caller's role rather than for its content.
async function refusedForRole(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return false;
  } catch (e) {
    const code = errorCode(e);
    if (code === Code.PermissionDenied) return true;
    if (code === Code.InvalidArgument) return false;
    throw e;
  }
}

export async function probeRole(projects: Probe): Promise<Role> {
  try {
    await projects.listProjects({ pageSize: 1 });
  } catch (e) {
    const code = errorCode(e);
    if (code === Code.Unauthenticated || code === Code.PermissionDenied) return "none";
    throw e;
  }
  if (await refusedForRole(() => projects.updateProject({}))) return "reader";
  if (await refusedForRole(() => projects.mergeProjects({}))) return "editor";
  return "admin";
}

// Correcting a project's status or name (UpdateProject).
export function canEdit(role: Role): boolean {
  return rank[role] >= rank.editor;
}

// Merging and splitting projects (MergeProjects, SplitProject).
export function canMerge(role: Role): boolean {
  return rank[role] >= rank.admin;
}
