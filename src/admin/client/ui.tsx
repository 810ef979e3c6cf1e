/** Small shared pieces: links, labelled fields with their errors, dates. */
import type { ComponentChildren, JSX } from "preact";
import type { FieldErrors } from "./field-errors";
import { navigate } from "./router";

export function Link(props: { href: string; children: ComponentChildren; class?: string }) {
  const click = (e: MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.href);
  };
  return (
    <a href={props.href} onClick={click} class={props.class}>
      {props.children}
    </a>
  );
}

let ids = 0;
/** A unique id for a label/field pair. */
export const uid = (base: string) => `${base.replace(/[^a-z0-9]+/gi, "-")}-${++ids}`;

interface FieldProps {
  label: string;
  name: string;
  value: string;
  onInput: (value: string) => void;
  errors: FieldErrors;
  type?: string;
  multiline?: boolean;
  hint?: string;
  required?: boolean;
  rows?: number;
  /** Called when the field takes focus (a Markdown field shows its preview). */
  onFocus?: () => void;
  step?: string;
  /** Shown but not editable (the hint says why). */
  readOnly?: boolean;
}

/** A labelled input; its API error (matched by path) is shown beside it and announced. */
export function Field(p: FieldProps) {
  const id = `f-${p.name.replace(/\./g, "-")}`;
  const error = p.errors[p.name];
  const hintId = p.hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const described = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: p.name,
    value: p.value,
    required: p.required,
    readOnly: p.readOnly,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": described,
    onInput: (e: JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      p.onInput(e.currentTarget.value),
    onFocus: p.onFocus,
  };
  return (
    <div class={`field${error ? " invalid" : ""}`}>
      <label for={id}>
        {p.label}
        {p.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {p.multiline ? (
        <textarea {...common} rows={p.rows ?? 4} />
      ) : (
        <input {...common} type={p.type ?? "text"} step={p.step} />
      )}
      {p.hint ? (
        <p class="hint" id={hintId}>
          {p.hint}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** An instant in the editor's own time and in UTC. */
export function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  const local = d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  const utc = `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return `${local} (${utc})`;
}

export const STATUS_LABEL: Record<string, string> = {
  DRAFT: "Draft",
  SCHEDULED: "Scheduled",
  PUBLISHED: "Published",
};

export function Status({ status, at }: { status: string; at: string | null }) {
  return (
    <span class={`status status-${status.toLowerCase()}`}>
      {STATUS_LABEL[status] ?? status}
      {status === "SCHEDULED" ? ` for ${when(at)}` : ""}
    </span>
  );
}

/** A labelled checkbox. */
export function Check(p: {
  label: string;
  name: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
}) {
  const id = `f-${p.name.replace(/\./g, "-")}`;
  return (
    <div class="field check">
      <label for={id}>
        <input
          id={id}
          type="checkbox"
          checked={p.checked}
          aria-describedby={p.hint ? `${id}-hint` : undefined}
          onChange={(e) => p.onChange(e.currentTarget.checked)}
        />{" "}
        {p.label}
      </label>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
    </div>
  );
}

export function Notice(p: { kind: "error" | "ok" | "warn"; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${p.kind}`} role={p.kind === "error" ? "alert" : "status"}>
      {p.children}
    </div>
  );
}
