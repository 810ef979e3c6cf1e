/** Routing in the browser under /admin, with one guard for unsaved changes. */
import { useEffect, useState } from "preact/hooks";

const listeners = new Set<(path: string) => void>();
let guard: (() => boolean) | null = null;
const here = () => `${location.pathname}${location.search}`;
let current = here();

/** While an editor has unsaved changes: `ask` says whether leaving is fine (null: no guard). */
export function setLeaveGuard(ask: (() => boolean) | null): void {
  guard = ask;
}

export const UNSAVED = "You have unsaved changes. Leave this page and lose them?";

/** Go to an app path; false when the unsaved-changes guard kept the editor here. */
export function navigate(to: string, replace = false): boolean {
  if (guard && !guard()) return false;
  guard = null;
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  current = to;
  for (const l of listeners) l(to);
  return true;
}

addEventListener("popstate", () => {
  if (guard && !guard()) {
    history.pushState(null, "", current); // stay: the back button was undone
    return;
  }
  guard = null;
  current = here();
  for (const l of listeners) l(current);
});

/** The current path (with query), re-rendering on navigation. */
export function useRoute(): URL {
  const [path, setPath] = useState(current);
  useEffect(() => {
    listeners.add(setPath);
    return () => {
      listeners.delete(setPath);
    };
  }, []);
  return new URL(path, location.origin);
}
