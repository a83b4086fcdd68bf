// The process-wide database. In the embedded mode one process owns the PGlite data folder, so the
// custom server (scripts/start.ts, loaded by tsx) and Next's bundled route handlers must share one
// instance: it lives on globalThis under a registered symbol, not in a module variable.
import { openDatabase, type Database } from "./client";

const KEY = Symbol.for("convlab.database");
type Holder = { [KEY]?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  const g = globalThis as Holder;
  g[KEY] ??= openDatabase();
  return g[KEY];
}

/** Installs an already-open database (start-up script, tests). */
export function setDatabase(db: Database): void {
  (globalThis as Holder)[KEY] = Promise.resolve(db);
}

export async function getPrisma() {
  return (await getDatabase()).prisma;
}
