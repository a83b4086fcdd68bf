// Live events fan out THROUGH THE DATABASE: publishers insert a row into "Event" (inside the same
// transaction as the change they announce, when there is one) and every web process polls the
// table by id and hands rows to its local subscribers. So a gradebook open on web process A sees a
// grading finished by a worker process B, on PostgreSQL, with no extra broker. In one process a
// publish also nudges the poller, so delivery is immediate rather than waiting for the next tick.
import { EventEmitter } from "node:events";
import type { PrismaClient } from "../db/generated/client";
import type { Database } from "../db/client";

export interface BusEvent {
  id: bigint;
  channel: string;
  payload: unknown;
  createdAt: Date;
}

type Tx = Pick<PrismaClient, "event">;

/** Records an event; call with the transaction client so the event commits with its change. */
export async function publish(tx: Tx, channel: string, payload: unknown): Promise<void> {
  await tx.event.create({ data: { channel, payload: payload as object } });
  nudge();
}

const KEY = Symbol.for("convlab.eventPoller");
type Holder = { [KEY]?: EventPoller };

function nudge() {
  (globalThis as Holder)[KEY]?.nudge();
}

export class EventPoller {
  private readonly emitter = new EventEmitter();
  private lastId = 0n;
  /**
   * On PostgreSQL, ids are assigned at insert but rows become visible at commit, so id 41 can appear
   * after id 42 was delivered. Re-reading a window of recent ids (and skipping the ones already
   * delivered) catches such late commits without delivering anything twice.
   */
  private readonly seen = new Set<bigint>();
  private static readonly LOOKBACK = 256n;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly db: Database, private readonly intervalMs = Number(process.env.EVENT_POLL_MS ?? 200)) {
    this.emitter.setMaxListeners(0);
  }

  async start(): Promise<void> {
    const last = await this.db.prisma.event.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    this.lastId = last?.id ?? 0n;
    // everything already in the table counts as delivered: subscribers replay() what they missed
    for (const r of await this.db.prisma.event.findMany({ where: { id: { gt: this.lastId > EventPoller.LOOKBACK ? this.lastId - EventPoller.LOOKBACK : 0n } }, select: { id: true } })) this.seen.add(r.id);
    (globalThis as Holder)[KEY] = this;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
    if ((globalThis as Holder)[KEY] === this) delete (globalThis as Holder)[KEY];
  }

  /** Subscribes to one channel; returns the unsubscribe function. */
  on(channel: string, listener: (e: BusEvent) => void): () => void {
    this.emitter.on(channel, listener);
    return () => this.emitter.off(channel, listener);
  }

  /** Events after `afterId` from the table (for a client that reconnects with its last id). */
  async replay(channel: string, afterId: bigint): Promise<BusEvent[]> {
    return this.db.prisma.event.findMany({ where: { channel, id: { gt: afterId } }, orderBy: { id: "asc" }, take: 1000 });
  }

  nudge(): void {
    if (this.polling) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.poll();
  }

  private schedule() {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.poll(), this.intervalMs);
    this.timer.unref?.();
  }

  private poll(): Promise<void> {
    this.polling = (async () => {
      try {
        do {
          this.again = false;
          const floor = this.lastId > EventPoller.LOOKBACK ? this.lastId - EventPoller.LOOKBACK : 0n;
          const rows = await this.db.prisma.event.findMany({ where: { id: { gt: floor } }, orderBy: { id: "asc" }, take: 1000 });
          let fresh = 0;
          for (const row of rows) {
            if (this.seen.has(row.id)) continue;
            this.seen.add(row.id);
            fresh++;
            if (row.id > this.lastId) this.lastId = row.id;
            this.emitter.emit(row.channel, row);
            this.emitter.emit("*", row);
          }
          const keepFrom = this.lastId > EventPoller.LOOKBACK ? this.lastId - EventPoller.LOOKBACK : 0n;
          for (const id of this.seen) if (id <= keepFrom) this.seen.delete(id);
          if (rows.length === 1000 && fresh > 0) this.again = true;
        } while (this.again && !this.stopped);
      } catch (e) {
        if (!this.stopped) console.error("[events] poll failed:", (e as Error).message);
      } finally {
        this.polling = null;
        this.schedule();
      }
    })();
    return this.polling;
  }
}

export function getEventPoller(): EventPoller | undefined {
  return (globalThis as Holder)[KEY];
}

export const channels = {
  submission: (id: string) => `submission:${id}`,
  userSubmissions: (userId: string) => `user:${userId}:submissions`,
  classGradebook: (classId: string) => `class:${classId}:gradebook`,
  classLive: (classId: string) => `class:${classId}:live`,
};
