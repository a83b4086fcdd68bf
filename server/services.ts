// Background services of a web process, started once by the custom server after the database is
// open (scripts/start.ts) and by tests that need them:
//  - the event poller that fans database events out to live subscribers (SSE);
//  - the grading queue with its pool of sandbox worker processes, unless grading runs in separate
//    `npm run worker` processes (GRADER_MODE=external, PostgreSQL only: PGlite is single-process).
import type { Database } from "./db/client";
import { EventPoller } from "./events/bus";
import { GradingQueue } from "./grader/queue";
import { gradeSubmission, defaultGraderPool, closeDefaultGraderPool } from "./grader/grade";

export interface Services {
  queue: GradingQueue | null;
  events: EventPoller;
  stop(): Promise<void>;
}

const KEY = Symbol.for("convlab.services");
type Holder = { [KEY]?: Services };

export function getServices(): Services | undefined {
  return (globalThis as Holder)[KEY];
}

export async function startBackgroundServices(db: Database, opts: { grading?: "in-process" | "external" } = {}): Promise<Services> {
  const events = new EventPoller(db);
  await events.start();
  const mode = opts.grading ?? (process.env.GRADER_MODE === "external" && db.kind === "postgres" ? "external" : "in-process");
  let queue: GradingQueue | null = null;
  if (mode === "in-process") {
    const pool = defaultGraderPool();
    queue = new GradingQueue(db, ({ exerciseId, code, seed, mode }) => gradeSubmission({ exerciseId, code, seed, mode }, pool));
    queue.start();
  }
  const services: Services = {
    queue,
    events,
    stop: async () => {
      await queue?.stop();
      await closeDefaultGraderPool();
      await events.stop();
      if ((globalThis as Holder)[KEY] === services) delete (globalThis as Holder)[KEY];
    },
  };
  (globalThis as Holder)[KEY] = services;
  return services;
}
