// Background services of a web process: started once by the custom server after the database
// is open (scripts/start.ts), and by integration tests that need them.
import type { Database } from "./db/client";

export interface Services {
  stop(): Promise<void>;
}

export async function startBackgroundServices(db: Database): Promise<Services> {
  const stops: Array<() => Promise<void>> = [];
  // The grading queue dispatcher registers itself here (server/grader/queue.ts).
  void db;
  return { stop: async () => void (await Promise.all(stops.map((s) => s()))) };
}
