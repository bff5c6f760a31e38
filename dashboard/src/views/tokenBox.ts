// The access token box in the header: an editor or admin types their own token to act as
// themselves; empty, the dashboard server's own token applies.
import { h } from "../dom.js";
import { roleNames, type Who } from "../role.js";

export function tokenBox({ role, name }: Who, hasOwnToken: boolean, onToken: (token: string | null) => void): HTMLElement {
  const input = h("input", { type: "password", placeholder: "访问令牌", "aria-label": "访问令牌", autocomplete: "off", "data-testid": "token" });
  const form = h(
    "form",
    { class: "token" },
    // The token's name from investtrackd's token list, on hover: who the page acts as.
    h("span", { class: `role role-${role}`, "data-testid": "role", title: name || undefined }, roleNames[role]),
    input,
    h("button", { type: "submit" }, "使用"),
    hasOwnToken ? h("button", { type: "button", onclick: () => onToken(null) }, "退出") : null,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (input.value.trim()) onToken(input.value.trim());
  });
  return form;
}
