// Where a ConvLab process keeps its runtime state:
//   <data dir>/pglite       the embedded database (unless DATABASE_URL names another one)
//   <data dir>/auth-secret  the generated AUTH_SECRET
// The data dir is CONVLAB_DATA_DIR, default ./.data. The e2e tests point it at a temp folder.
import path from "node:path";

export function dataDir(): string {
  // turbopackIgnore: a runtime folder, not a source file for Next's output tracing
  return path.resolve(/* turbopackIgnore: true */ process.env.CONVLAB_DATA_DIR ?? ".data");
}

/** DATABASE_URL if set, else the PGlite folder inside the data dir. */
export function databaseUrl(): string {
  return process.env.DATABASE_URL || `pglite://${path.join(dataDir(), "pglite")}`;
}
