// The live gradebook stream of one class for one teacher tab (teacher.gradebook.onChange). Events
// of the class's gradebook channel are buffered as they arrive; each step takes everything waiting
// and turns it into one change (the recomputed cells those events touched, or "refresh"), tagged
// with the id of the last event it covers and the ids of all of them. A tab that keeps up gets one
// message per event (computed once for all tabs in the process, see sharedChangeForEvent); a tab
// that falls behind during a rush catches up in a few messages instead of lagging further.
import type { Database } from "../db/client";
import { channels, type BusEvent } from "../events/bus";
import { subscribeChannel } from "../events/subscribe";
import { changeForEvents, sharedChangeForEvent, type GradebookChange } from "./gradebook";

type Prisma = Database["prisma"];

export type GradebookStreamMessage = GradebookChange & { events: string[] };

const MAX_BATCH = 500;

export async function* gradebookStream(prisma: Prisma, classId: string, opts: { lastEventId?: string | null; signal?: AbortSignal }): AsyncGenerator<{ id: string; message: GradebookStreamMessage }> {
  const buffer: BusEvent[] = [];
  const waiter: { wake: (() => void) | null } = { wake: null };
  let finished = false;
  let failure: unknown = null;
  const source = subscribeChannel(channels.classGradebook(classId), { lastEventId: opts.lastEventId ?? null, signal: opts.signal });
  const pump = (async () => {
    try {
      for await (const e of source) {
        buffer.push(e);
        waiter.wake?.();
      }
    } catch (e) {
      failure = e;
    } finally {
      finished = true;
      waiter.wake?.();
    }
  })();
  try {
    for (;;) {
      if (!buffer.length) {
        if (finished) break;
        await new Promise<void>((r) => (waiter.wake = r));
        waiter.wake = null;
        continue;
      }
      const batch = buffer.splice(0, MAX_BATCH);
      const last = batch[batch.length - 1];
      const change = batch.length === 1 ? await sharedChangeForEvent(prisma, classId, last.id, last.payload) : await changeForEvents(prisma, classId, batch.map((e) => e.payload));
      yield { id: String(last.id), message: { ...change, events: batch.map((e) => String(e.id)) } };
    }
    if (failure) throw failure;
  } finally {
    // the request's abort signal ends the source; not awaited, since a source waiting for its
    // next event only finishes once that signal fires
    void source.return(undefined).catch(() => undefined);
    void pump;
  }
}
