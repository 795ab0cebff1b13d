/**
 * @module store/store-path
 * Checks a store file path before anything touches the filesystem: paths under `/proc` and
 * `/sys` (pseudo filesystems, where Node's recursive mkdir can spin forever) are refused at once.
 */
import { existsSync, realpathSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { storeError } from "../domain/store-errors.js";

/** Pseudo filesystems no store file can live on. */
const PSEUDO_FILESYSTEMS = ["/proc", "/sys"];

/**
 * Throws a StoreError (operation `open`, reason `invalid_argument`) when `path`, resolved against
 * the working directory and with the symbolic links of its existing ancestors followed, lies
 * under `/proc` or `/sys`. Only `stat`-like calls are made, which never hang on procfs.
 */
export function assertStorePath(path: string): void {
  const absolute = resolve(path);
  for (const candidate of [absolute, realAncestor(absolute)]) {
    const root = PSEUDO_FILESYSTEMS.find((p) => candidate === p || candidate.startsWith(p + sep));
    if (root !== undefined) {
      throw storeError(
        "open",
        "invalid_argument",
        `store path '${path}' is under ${root}, a pseudo filesystem that cannot hold a database; choose a path on a real disk`,
        { path },
      );
    }
  }
}

/** `path` with its nearest existing ancestor replaced by that ancestor's real path. */
function realAncestor(path: string): string {
  let existing = path;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    const real = realpathSync(existing);
    return real + path.slice(existing.length);
  } catch {
    return path;
  }
}
