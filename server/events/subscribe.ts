// Turns a bus channel into an async iterable for tRPC subscriptions (SSE). A client that
// reconnects sends the id of the last event it saw and first gets what it missed from the table.
import { getEventPoller, type BusEvent } from "./bus";

export async function* subscribeChannel(channel: string, opts: { lastEventId?: string | null; signal?: AbortSignal } = {}): AsyncGenerator<BusEvent> {
  const poller = getEventPoller();
  if (!poller) throw new Error("event poller is not running in this process");
  const pending: BusEvent[] = [];
  let wake: (() => void) | null = null;
  const off = poller.on(channel, (e) => {
    pending.push(e);
    wake?.();
  });
  const onAbort = () => wake?.();
  opts.signal?.addEventListener("abort", onAbort);
  try {
    let last = 0n;
    if (opts.lastEventId && /^\d+$/.test(opts.lastEventId)) {
      for (const e of await poller.replay(channel, BigInt(opts.lastEventId))) {
        last = e.id;
        yield e;
      }
    }
    while (!opts.signal?.aborted) {
      if (pending.length === 0) await new Promise<void>((r) => (wake = r));
      wake = null;
      while (pending.length) {
        const e = pending.shift()!;
        if (e.id <= last) continue; // already replayed
        yield e;
      }
    }
  } finally {
    off();
    opts.signal?.removeEventListener("abort", onAbort);
  }
}
