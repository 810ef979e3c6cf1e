/**
 * Where the project's files are, for the sources run by tsx (src/*.ts) and for the built server
 * (`npm run build`: dist/main.js, one bundle). Both sit one folder below the project, so paths
 * are taken from the project's folder, never from the file asking: in the bundle every module's
 * `import.meta.url` is dist/main.js.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project's folder (package.json, schema/, src/, dist/). */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Whether this is the built server rather than the TypeScript sources. */
export const BUILT = import.meta.url.endsWith(".js");

/** A path inside the project. */
export const projectPath = (...parts: string[]) => join(ROOT, ...parts);
