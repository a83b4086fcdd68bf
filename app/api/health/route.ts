// Readiness probe for the start script's callers (tests, process managers): answers once the
// database is reachable.
import { getDatabase } from "@/server/db";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const db = await getDatabase();
    await db.sql.query("SELECT 1");
    return Response.json({ ok: true });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}
