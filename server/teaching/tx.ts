// Transactions that publish events: publish() nudges the event poller before the commit, which on
// PostgreSQL cannot see the new rows yet; nudging again after the commit delivers them at once
// instead of at the next poll tick.
import type { Database } from "../db/client";
import type { Prisma as P } from "../db/generated/client";
import { getEventPoller } from "../events/bus";

export async function publishingTransaction<T>(prisma: Database["prisma"], fn: (tx: P.TransactionClient) => Promise<T>): Promise<T> {
  const result = await prisma.$transaction(fn);
  getEventPoller()?.nudge();
  return result;
}
