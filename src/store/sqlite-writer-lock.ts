/**
 * @module store/sqlite-writer-lock
 * One writer per SQLite store file. The turn journal (see `sqlite-journal.ts`) keeps its index
 * in the writer's memory, so a second writer would append entries the first does not know about.
 * With `locking: "normal"` the database itself stays readable by other processes (`rapo
 * inspect`), so the writer role is held on a sidecar file, `<path>-writer`: a tiny SQLite
 * database opened in EXCLUSIVE locking mode, whose lock the operating system releases when the
 * process ends — a crash (SIGKILL included) never leaves a stale lock behind, and no process id
 * or liveness check is involved. With `locking: "exclusive"` the database's own lock would do,
 * but the sidecar is taken too, so a second opener learns at once that a writer is live.
 */
import Database from "better-sqlite3";
import { storeError } from "../domain/store-errors.js";

/** Holds the writer role of a store file until {@link WriterLock.release}. */
export interface WriterLock {
  release(): void;
}

/** The sidecar lock file of the store at `path`. */
export function writerLockPath(path: string): string {
  return `${path}-writer`;
}

/**
 * Takes the writer role of the store at `path`; throws StoreError (`open`, reason
 * `writer_busy`) when another connection — in this process or another — holds it.
 */
export function acquireWriterLock(path: string): WriterLock {
  let db: Database.Database | undefined;
  try {
    db = new Database(writerLockPath(path), { timeout: 0 });
    db.pragma("locking_mode = EXCLUSIVE");
    // the first write transaction takes the EXCLUSIVE lock, held until the connection closes
    db.exec("BEGIN EXCLUSIVE; COMMIT;");
  } catch (error) {
    db?.close();
    const busy = error instanceof Database.SqliteError && error.code.startsWith("SQLITE_BUSY");
    throw storeError(
      "open",
      busy ? "writer_busy" : "driver",
      busy
        ? `'${path}' is open for writing elsewhere (one writer per store file; open it with readonly: true to read it meanwhile)`
        : `cannot take the writer lock of '${path}': ${error instanceof Error ? error.message : String(error)}`,
      { path },
      error,
    );
  }
  const held = db;
  return { release: () => held.close() };
}
