// The page's routes, from the location hash: #/projects/{id}, #/review, anything else is the
// overview. Hash routes need nothing from the server but index.html.
export type Route = { page: "overview" } | { page: "project"; id: string } | { page: "review" };

export function parseRoute(hash: string): Route {
  const project = /^#\/projects\/([^/?#]+)$/.exec(hash);
  if (project?.[1]) {
    try {
      return { page: "project", id: decodeURIComponent(project[1]) };
    } catch {
      // A hand-edited address with a broken %-escape: show the overview rather than fail.
      return { page: "overview" };
    }
  }
  if (hash === "#/review") return { page: "review" };
  return { page: "overview" };
}
