// A fresh, migrated database for one test file: in-memory PGlite by default, or, when
// TEST_DATABASE_URL points at PostgreSQL, a new database created on that server (and dropped at
// close) so test files running in parallel never see each other's rows.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { openDatabase, isPostgresUrl, type Database } from "../../server/db/client";

export async function openTestDatabase(): Promise<Database & { url?: string }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!isPostgresUrl(url)) return openDatabase("memory://");
  const name = `convlab_test_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openDatabase(u.toString());
  return {
    ...db,
    url: u.toString(),
    close: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      // pg-pool's end() resolves before its clients' sockets have closed; terminating those sessions
      // (DROP ... WITH (FORCE)) would reach a closing client as an unhandled FATAL 57P01. Wait for
      // them to leave first; FORCE only clears what is still there after 5 s.
      for (let i = 0; i < 100; i++) {
        const { rows } = await a.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [name]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}
