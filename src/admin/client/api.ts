/**
 * The app's only way to the server: the public GraphQL endpoint, with the session's CSRF
 * secret (the session cookie goes by itself), and /admin/session to sign in and out.
 */

export interface Editor {
  name: string;
  scopes: string[];
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

interface GqlBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

let csrf: string | null = null;
let onSignedOut: () => void = () => {};

/** Called when the server says the session is gone (expired, signed out, token revoked). */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

async function sessionCall(method: string, body?: unknown) {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (csrf) headers["x-csrf-token"] = csrf;
  const response = await fetch("/admin/session", {
    method,
    headers,
    credentials: "same-origin",
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const answer = (await response.json()) as {
    editor?: Editor | null;
    csrf?: string;
    error?: string;
  };
  if (!response.ok) throw new ApiError(answer.error ?? "Refused.", undefined, response.status);
  csrf = answer.csrf ?? null;
  return answer.editor ?? null;
}

export const currentEditor = () => sessionCall("GET");
export const signIn = (token: string) => sessionCall("POST", { token });
export async function signOut(): Promise<void> {
  await sessionCall("DELETE");
  csrf = null;
}

async function post<T>(query: string, variables: object, headers: Record<string, string>) {
  const response = await fetch("/graphql", {
    method: "POST",
    credentials: "same-origin",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  let body: GqlBody<T>;
  try {
    body = (await response.json()) as GqlBody<T>;
  } catch {
    throw new ApiError(`The server answered ${response.status}.`, undefined, response.status);
  }
  const first = body.errors?.[0];
  if (first) {
    const code = first.extensions?.code;
    if (response.status === 401 && headers["x-csrf-token"]) onSignedOut();
    throw new ApiError(first.message, code, response.status);
  }
  return body.data as T;
}

/** A GraphQL operation as the signed-in editor. */
export function gql<T>(query: string, variables: object = {}): Promise<T> {
  return post<T>(query, variables, csrf ? { "x-csrf-token": csrf } : {});
}

/** A GraphQL read as whoever holds a preview token (no editor session). */
export function gqlAsPreview<T>(token: string, query: string, variables: object = {}): Promise<T> {
  return post<T>(query, variables, { "x-preview-token": token });
}

/**
 * A GraphQL subscription over Server-Sent Events (POST, so the CSRF header goes too, which
 * EventSource cannot send). Calls `next` with each result's data until `signal` aborts.
 */
export async function subscribe<T>(
  query: string,
  variables: object,
  next: (data: T) => void,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch("/graphql", {
    method: "POST",
    credentials: "same-origin",
    signal,
    headers: {
      "content-type": "application/json",
      accept: "text/event-stream",
      ...(csrf ? { "x-csrf-token": csrf } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  if (!response.ok || !response.body) {
    throw new ApiError(`The live updates could not start (${response.status}).`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += value;
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trim())
        .join("\n");
      if (data) {
        const parsed = JSON.parse(data) as GqlBody<T>;
        if (parsed.data) next(parsed.data);
      }
      end = buffer.indexOf("\n\n");
    }
  }
}
