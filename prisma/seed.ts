// `npx tsx prisma/seed.ts`: seeds an empty database and syncs the exercise catalogue, then exits.
// `npm start` does the same on every start; this is for preparing a database without serving it.
import { openDatabase } from "../server/db/client";
import { databaseUrl } from "../server/seed/data-dir";
import { formatLogins, seedIfEmpty, syncExerciseCatalogue } from "../server/seed";

const db = await openDatabase(databaseUrl());
try {
  const seeded = await seedIfEmpty(db);
  console.log(seeded ? formatLogins(seeded) : "Database already has users: nothing to seed.");
  const sync = await syncExerciseCatalogue(db);
  console.log(`Exercise catalogue: ${sync.created.length} new, ${sync.updated.length} updated, ${sync.unchanged.length} unchanged.`);
} finally {
  await db.close();
}
