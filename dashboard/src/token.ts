// The access token a user typed into the page. Kept in sessionStorage: it lasts while the tab is
// open and is gone when it closes, so an office PC does not keep an editor's token for the next
// person. Without one, the dashboard server calls with its own INVESTTRACK_TOKEN.
const key = "investtrack.token";

export function storedToken(storage: Storage | undefined = globalThis.sessionStorage): string | null {
  return storage?.getItem(key) || null;
}

export function storeToken(token: string | null, storage: Storage | undefined = globalThis.sessionStorage): void {
  if (!storage) return;
  if (token) storage.setItem(key, token.trim());
  else storage.removeItem(key);
}
