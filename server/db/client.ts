// Opens the database named by DATABASE_URL:
//   postgres://... or postgresql://...  -> PostgreSQL through @prisma/adapter-pg
//   memory://                           -> a fresh in-memory PGlite (tests)
//   anything else / unset               -> PGlite (WASM Postgres) in a data folder (default .data/pglite)
// and applies pending migrations before handing out the Prisma client.
import path from "node:path";
import fs from "node:fs";
import { PrismaClient } from "./generated/client";
import { applyMigrations, type SqlRunner } from "./migrations";

export type Db = PrismaClient;

export interface Database {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  /** raw SQL for migrations and the job queue's row locking */
  sql: SqlRunner;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export async function openDatabase(url = process.env.DATABASE_URL, opts: { migrate?: boolean } = {}): Promise<Database> {
  const db = isPostgresUrl(url) ? await openPostgres(url) : await openPGlite(url);
  if (opts.migrate !== false) await applyMigrations(db.sql);
  return db;
}

async function openPostgres(url: string): Promise<Database> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const pg = (await import("pg")).default;
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL_MAX ?? 10) });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  // One dedicated client for migrations: BEGIN/COMMIT and advisory locks must share a session.
  let client: import("pg").PoolClient | null = null;
  const session = async () => (client ??= await pool.connect());
  const sql: SqlRunner = {
    exec: async (s) => void (await (await session()).query(s)),
    query: async (s, params) => (await (await session()).query(s, params as unknown[])).rows,
  };
  return {
    prisma,
    kind: "postgres",
    sql,
    close: async () => {
      client?.release();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPGlite(url: string | undefined): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  let dataDir: string | undefined;
  if (url !== "memory://") {
    dataDir = path.resolve(/* turbopackIgnore: true */ url?.replace(/^(file|pglite):\/\//, "") || (process.env.CONVLAB_DATA_DIR ? path.join(process.env.CONVLAB_DATA_DIR, "pglite") : ".data/pglite"));
    fs.mkdirSync(dataDir, { recursive: true });
  }
  const pglite = dataDir ? new PGlite(dataDir) : new PGlite();
  await pglite.waitReady;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const sql: SqlRunner = {
    exec: async (s) => void (await pglite.exec(s)),
    query: async <T,>(s: string, params?: unknown[]) => (await pglite.query<T>(s, params as unknown[])).rows,
  };
  return {
    prisma,
    kind: "pglite",
    sql,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
