/**
 * The state every entry editor shares: load, the form and whether it changed, saving (with the
 * one reading of its outcome, save-outcome.ts), field errors, conflicts with their comparison,
 * and the guard that asks before unsaved changes are lost.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { ConflictState } from "./conflict";
import type { FieldErrors } from "./field-errors";
import type { EntryState } from "./publication";
import { navigate, setLeaveGuard, UNSAVED } from "./router";
import { type MutationAnswer, saveOutcome } from "./save-outcome";

export type NoticeState = { kind: "ok" | "error" | "warn"; text: string } | null;

/** What the next editor page to open says first (after an action that navigated to it). */
let flash: NoticeState = null;
export function flashNotice(notice: NoticeState): void {
  flash = notice;
}

export interface EditorSpec<L extends EntryState, F> {
  /** "announcement", "issue"…: in messages. */
  noun: string;
  /** The editor's path; a created entry goes to `${base}/${id}`. */
  base: string;
  empty: F;
  formOf(entry: L): F;
  /** The entry as stored, or null when it is gone (or of another type). */
  load(id: string): Promise<L | null>;
  /**
   * Create (id null) or update, sending the updatedAt the form was loaded with; `asRevision`
   * keeps the change of a live entry as its pending edit (the answer is the pending edit).
   */
  write(
    form: F,
    id: string | null,
    expectedUpdatedAt: string | null,
    asRevision: boolean,
  ): Promise<MutationAnswer<L>>;
}

export function useEditor<L extends EntryState, F extends object>(
  id: string | null,
  spec: EditorSpec<L, F>,
) {
  const [loaded, setLoaded] = useState<L | null>(null);
  const [form, setForm] = useState<F>(spec.empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<NoticeState>(null);
  const [conflict, setConflict] = useState<{ theirs: F | null } | null>(null);
  const [saving, setSaving] = useState(false);
  const saved = useRef(JSON.stringify(spec.empty));
  /** The id this page just created: arriving at it keeps what the page shows. */
  const created = useRef<string | null>(null);
  const dirty = JSON.stringify(form) !== saved.current;

  const accept = (entry: L) => {
    setLoaded(entry);
    const f = spec.formOf(entry);
    saved.current = JSON.stringify(f);
    setForm(f);
  };
  const reload = async () => {
    if (!id) return;
    const entry = await spec.load(id);
    if (entry) accept(entry);
    else setNotice({ kind: "error", text: `This ${spec.noun} no longer exists.` });
    setConflict(null);
  };

  useEffect(() => {
    // Once: coming back to that id later (from another entry) loads it again.
    if (id && id === created.current) {
      created.current = null;
      return;
    }
    setErrors({});
    setNotice(flash);
    flash = null;
    setConflict(null);
    if (id) reload().catch((e: Error) => setNotice({ kind: "error", text: e.message }));
    else {
      setLoaded(null);
      saved.current = JSON.stringify(spec.empty);
      setForm(spec.empty);
    }
  }, [id]);

  // Unsaved changes: the browser asks before closing or reloading; the app before navigating.
  useEffect(() => {
    if (!dirty) {
      setLeaveGuard(null);
      return;
    }
    setLeaveGuard(() => confirm(UNSAVED));
    const beforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    addEventListener("beforeunload", beforeUnload);
    return () => removeEventListener("beforeunload", beforeUnload);
  }, [dirty]);
  useEffect(() => () => setLeaveGuard(null), []);

  const set = <K extends keyof F>(key: K, value: F[K]) => setForm((f) => ({ ...f, [key]: value }));

  /** Save the form; `asRevision`: as the live entry's pending edit, which opens next. */
  const save = async (e: Event, asRevision = false) => {
    e.preventDefault();
    setSaving(true);
    setNotice(null);
    setErrors({});
    try {
      const answer = await spec.write(form, id, loaded?.updatedAt ?? null, asRevision);
      const outcome = saveOutcome(answer);
      switch (outcome.kind) {
        case "saved": {
          const elsewhere = outcome.entry.id !== id;
          accept(outcome.entry);
          setNotice({
            kind: "ok",
            text:
              id && elsewhere
                ? "Saved as a pending edit: readers still see the live entry until you publish it."
                : "Saved.",
          });
          created.current = outcome.entry.id;
          // Saved, so nothing is lost by leaving (the guard's effect has not run yet).
          setLeaveGuard(null);
          // A new entry replaces the "new" page; a pending edit is a page of its own.
          if (elsewhere) navigate(`${spec.base}/${encodeURIComponent(outcome.entry.id)}`, !id);
          break;
        }
        case "invalid":
          setErrors(outcome.errors);
          setNotice({ kind: "error", text: "Not saved: see the fields marked below." });
          break;
        case "conflict":
          setConflict({ theirs: null });
          break;
        case "failed":
          setNotice({ kind: "error", text: outcome.message });
      }
    } catch (err) {
      setNotice({ kind: "error", text: (err as Error).message });
    } finally {
      setSaving(false);
    }
  };

  const conflictState: ConflictState<F> | null = conflict && {
    theirs: conflict.theirs,
    reload: () => {
      saved.current = JSON.stringify(form);
      reload().catch((e: Error) => setNotice({ kind: "error", text: e.message }));
    },
    compare: () => {
      if (!id) return;
      spec.load(id).then(
        (theirs) => {
          if (theirs) setConflict({ theirs: spec.formOf(theirs) });
          else setNotice({ kind: "error", text: `This ${spec.noun} no longer exists.` });
        },
        (e: Error) => setNotice({ kind: "error", text: e.message }),
      );
    },
  };

  return {
    ...{ id, loaded, form, setForm, set, errors, notice, saving, dirty, save, reload },
    tell: setNotice,
    conflict: conflictState,
  };
}
