// Paths tests and benchmarks need, resolved from the compiled file's location (dist/kernel/testing/).
import { fileURLToPath } from "node:url";
import * as path from "node:path";

/** The project folder (the one holding package.json). */
export const projectRoot = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");

/** The user's notebook, the acceptance document (a copy of ../shared/fixtures kept in the repo). */
export const seedNotebookPath = path.join(projectRoot, "fixtures", "seed-parallel-mandelbrot.ipynb");

/** The `parabook` command as installed by npm. */
export const parabookBin = path.join(projectRoot, "bin", "parabook.js");
