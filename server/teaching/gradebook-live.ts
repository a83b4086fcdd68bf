// The live gradebook stream of a class (teacher.gradebook.onChange).
//
// One feed per class and process turns the class's gradebook events into changes: it takes every
// event waiting, computes the recomputed cells they touched in one pass (or "refresh" for a
// structural change) and hands the same message to every teacher tab open on that class. So ten
// open tabs cost one recomputation, and a feed that fell behind during a rush catches up in one
// step instead of lagging further. Each message carries the id of the last event it covers (the
// SSE id a reconnecting browser sends back) and the ids of all of them.
//
// A tab that subscribes with a lastEventId first gets what it missed (read back from the Event
// table, in one change), then the feed's messages, without the events it already got.
import type { Database } from "../db/client";
import { channels, getEventPoller, type BusEvent, type EventPoller } from "../events/bus";
import { changeForEvents, currentEventCursor, type GradebookChange } from "./gradebook";

type Prisma = Database["prisma"];

export type GradebookStreamMessage = GradebookChange & { events: string[] };
interface FeedMessage {
  id: string;
  message: GradebookStreamMessage;
}

const MAX_BATCH = 500;
const REPLAY_LIMIT = 1000; // EventPoller.replay reads at most this many

class ClassFeed {
  private readonly pending: BusEvent[] = [];
  private readonly listeners = new Set<(m: FeedMessage) => void>();
  private running = false;
  private readonly off: () => void;

  constructor(
    private readonly prisma: Prisma,
    private readonly classId: string,
    poller: EventPoller,
    private readonly onEmpty: () => void,
  ) {
    this.off = poller.on(channels.classGradebook(classId), (e) => {
      this.pending.push(e);
      void this.drain();
    });
  }

  add(listener: (m: FeedMessage) => void) {
    this.listeners.add(listener);
  }

  remove(listener: (m: FeedMessage) => void) {
    this.listeners.delete(listener);
    if (this.listeners.size === 0) {
      this.off();
      this.onEmpty();
    }
  }

  private async drain() {
    if (this.running) return;
    this.running = true;
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, MAX_BATCH);
        let change: GradebookChange;
        try {
          change = await changeForEvents(this.prisma, this.classId, batch.map((e) => e.payload));
        } catch (e) {
          console.error("[gradebook] recomputing cells failed:", (e as Error).message);
          change = { kind: "refresh", reason: "error" };
        }
        const message: FeedMessage = { id: String(batch[batch.length - 1].id), message: { ...change, events: batch.map((e) => String(e.id)) } };
        for (const l of this.listeners) l(message);
      }
    } finally {
      this.running = false;
    }
  }
}

const feeds = new Map<string, ClassFeed>();

function feedFor(prisma: Prisma, classId: string, poller: EventPoller): ClassFeed {
  let feed = feeds.get(classId);
  if (!feed) {
    feed = new ClassFeed(prisma, classId, poller, () => feeds.delete(classId));
    feeds.set(classId, feed);
  }
  return feed;
}

export async function* gradebookStream(prisma: Prisma, classId: string, opts: { lastEventId?: string | null; signal?: AbortSignal }): AsyncGenerator<FeedMessage> {
  const poller = getEventPoller();
  if (!poller) throw new Error("event poller is not running in this process");
  const queue: FeedMessage[] = [];
  const waiter: { wake: (() => void) | null } = { wake: null };
  const listener = (m: FeedMessage) => {
    queue.push(m);
    waiter.wake?.();
  };
  // listen first, then read back what was missed: nothing falls in between
  const feed = feedFor(prisma, classId, poller);
  feed.add(listener);
  const onAbort = () => waiter.wake?.();
  opts.signal?.addEventListener("abort", onAbort);
  const replayed = new Set<string>();
  try {
    if (opts.lastEventId && /^\d+$/.test(opts.lastEventId)) {
      const missed = await poller.replay(channels.classGradebook(classId), BigInt(opts.lastEventId));
      if (missed.length >= REPLAY_LIMIT) {
        // too much to replay one by one: the page reloads the whole grid
        yield { id: await currentEventCursor(prisma), message: { kind: "refresh", reason: "behind", events: [] } };
      } else if (missed.length) {
        const change = await changeForEvents(prisma, classId, missed.map((e) => e.payload));
        for (const e of missed) replayed.add(String(e.id));
        yield { id: String(missed[missed.length - 1].id), message: { ...change, events: [...replayed] } };
      }
    }
    while (!opts.signal?.aborted) {
      const m = queue.shift();
      if (!m) {
        await new Promise<void>((r) => (waiter.wake = r));
        waiter.wake = null;
        continue;
      }
      if (replayed.size) {
        const fresh = m.message.events.filter((id) => !replayed.has(id));
        for (const id of m.message.events) replayed.delete(id);
        if (!fresh.length) continue; // all of it came with the replay
        yield fresh.length === m.message.events.length ? m : { id: m.id, message: { ...m.message, events: fresh } };
      } else {
        yield m;
      }
    }
  } finally {
    feed.remove(listener);
    opts.signal?.removeEventListener("abort", onAbort);
  }
}
