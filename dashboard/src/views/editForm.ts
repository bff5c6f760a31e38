// The correction form for editors: status and name, sent with the etag the page was read with,
// so a correction made on a stale page is refused (ABORTED) instead of overwriting someone else's.
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { create } from "@bufbuild/protobuf";
import type { Api } from "../api.js";
import { h } from "../dom.js";
import { describeError } from "../errors.js";
import { editableStatuses, statusName } from "../format.js";
import { ProjectSchema, type Project } from "../gen/investtrack/v1/project_pb.js";

// Only the fields that differ go in the mask: an unchanged name is not recorded as an edit.
export function correction(project: Project, status: number, displayName: string): { project: Project; paths: string[] } {
  const paths: string[] = [];
  if (status !== project.status) paths.push("status");
  if (displayName !== project.displayName) paths.push("display_name");
  return {
    project: create(ProjectSchema, { name: project.name, etag: project.etag, status, displayName }),
    paths,
  };
}

// `notice` is shown in the new form: the page is drawn again after a save, and the user should
// still see that it worked.
export function editForm(api: Api, project: Project, onSaved: (p: Project) => void, notice = ""): HTMLElement {
  const status = h(
    "select",
    { name: "status", "data-testid": "edit-status" },
    editableStatuses.map((s) => h("option", { value: String(s), selected: s === project.status }, statusName(s))),
  );
  const name = h("input", { name: "display_name", "data-testid": "edit-name", required: true });
  name.value = project.displayName;
  const reason = h("input", { name: "reason", "data-testid": "edit-reason", placeholder: "修改原因（记入修改记录）" });
  const message = h("p", { class: "message", role: "status", "data-testid": "edit-message" }, notice);
  const submit = h("button", { type: "submit" }, "保存修改");
  const form = h(
    "form",
    { class: "edit-form", "data-testid": "edit-form" },
    h("h3", {}, "更正"),
    h("label", {}, "状态 ", status),
    h("label", {}, "名称 ", name),
    h("label", {}, "原因 ", reason),
    submit,
    message,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const { project: values, paths } = correction(project, Number(status.value), name.value.trim());
    if (paths.length === 0) {
      message.textContent = "没有改动";
      return;
    }
    submit.disabled = true;
    message.classList.remove("error");
    message.textContent = "保存中…";
    try {
      const saved = await api.projects.updateProject({
        project: values,
        updateMask: create(FieldMaskSchema, { paths }),
        reason: reason.value.trim(),
      });
      message.textContent = "已保存";
      onSaved(saved);
    } catch (err) {
      message.textContent = `保存失败：${describeError(err)}`;
      message.classList.add("error");
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
