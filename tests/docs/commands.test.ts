// The README and docs/ tell people to run `npm run <script>`: every such script must exist in
// package.json, so that a renamed or removed script cannot leave the manual pointing at nothing.
import { readdirSync, readFileSync } from "node:fs";
import { posix } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url);
const README_MAX_LINES = 200;

/** Markdown files to check, as paths relative to the repository root (posix separators). */
function markdownFiles(): string[] {
  const files = ["README.md"];
  const walk = (dir: string) => {
    for (const entry of readdirSync(new URL(`${dir}/`, ROOT), { withFileTypes: true })) {
      const path = posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith(".md")) files.push(path);
    }
  };
  walk("docs");
  return files.sort();
}

const read = (path: string) => readFileSync(new URL(path, ROOT), "utf8");

interface Mention {
  file: string;
  line: number;
  name: string;
}

/**
 * `npm run [flags] <name>`: flags such as `-s` come before the name; the name is what npm looks
 * up in "scripts" (anything after it, `-- …` included, is passed to the script).
 */
const NPM_RUN = /\bnpm\s+run((?:\s+--?[A-Za-z][\w-]*)*)\s+([A-Za-z0-9][\w:.-]*)/g;
/**
 * Inside fenced code, only a command counts: `npm run` at the start of a line or after a shell
 * separator, optionally behind `$ ` and `VAR=value` assignments. Elsewhere on a code line it is
 * commentary (a directory listing saying "npm run commands", a `# …` comment).
 */
const COMMAND_START = /(?:^|[;&|(]|\$\()\s*(?:\$\s+)?(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*$/;
const FENCE = /^\s*(```|~~~)/;

/** Every script a Markdown text names with `npm run`, with its 1-based line. */
function npmRunMentions(file: string, text: string): Mention[] {
  const mentions: Mention[] = [];
  const lines = text.split("\n");
  // Prose (inline code included) is matched as a whole, so a mention may wrap across lines.
  const prose = [...lines];
  let fence: string | null = null;
  lines.forEach((line, i) => {
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      prose[i] = "";
      if (marker === fence) fence = null;
      else {
        for (const match of line.matchAll(NPM_RUN)) {
          if (COMMAND_START.test(line.slice(0, match.index)))
            mentions.push({ file, line: i + 1, name: scriptName(match[2] as string) });
        }
      }
    } else if (marker) {
      fence = marker;
      prose[i] = "";
    }
  });
  const joined = prose.join("\n");
  for (const match of joined.matchAll(NPM_RUN)) {
    const line = joined.slice(0, match.index).split("\n").length;
    mentions.push({ file, line, name: scriptName(match[2] as string) });
  }
  return mentions.sort((a, b) => a.line - b.line);
}

/** Sentence punctuation after a name ("run `npm run soak`.") is not part of it. */
const scriptName = (raw: string) => raw.replace(/[.:,-]+$/, "");

describe("documented commands", () => {
  const scripts = Object.keys(
    (JSON.parse(read("package.json")) as { scripts?: Record<string, string> }).scripts ?? {},
  );
  const files = markdownFiles();

  it("finds the README and the docs pages", () => {
    expect(files).toContain("README.md");
    expect(files.filter((f) => f.startsWith("docs/")).length).toBeGreaterThan(0);
  });

  it("names only npm scripts that exist in package.json", () => {
    const mentions = files.flatMap((file) => npmRunMentions(file, read(file)));
    expect(mentions.length).toBeGreaterThan(0);
    const missing = mentions
      .filter((m) => !scripts.includes(m.name))
      .map((m) => `${m.file}:${m.line}: npm run ${m.name} (no such script in package.json)`);
    expect(missing).toEqual([]);
  });

  it("recognises commands, not commentary", () => {
    const text = [
      "Run `npm run db:seed -- --synthetic N",
      "--seed 42` or npm run soak.",
      "```sh",
      "npm run -s archive:export > archive.json   # also npm run nothing-here",
      "DATABASE_URL=postgres://x npm run bench && npm run bench:profile",
      "src/cli/   npm run commands (migrate, seed)",
      "```",
    ].join("\n");
    expect(npmRunMentions("x.md", text)).toEqual([
      { file: "x.md", line: 1, name: "db:seed" },
      { file: "x.md", line: 2, name: "soak" },
      { file: "x.md", line: 4, name: "archive:export" },
      { file: "x.md", line: 5, name: "bench" },
      { file: "x.md", line: 5, name: "bench:profile" },
    ]);
  });
});

describe("README", () => {
  it("README is a front door of at most 200 lines", () => {
    const lines = read("README.md").replace(/\n$/, "").split("\n").length;
    expect(lines, "README.md: move the detail to docs/").toBeLessThanOrEqual(README_MAX_LINES);
  });
});
