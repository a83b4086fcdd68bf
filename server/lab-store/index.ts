// Persistence of the virtual Orange Pi boards (server/lab) in the LabSession table, one row per
// student. The engine is pure (state in -> state out); this module owns "where the state lives":
//
//   readBoard(db, userId)            the student's board (created with the course files on first use)
//   mutateBoard(db, userId, fn)      runs fn(state) -> { state, result } and persists the new state
//
// Concurrency: two tabs (or two requests) of the same student must not clobber each other.
//   1. Per user, calls are serialised in this process (a promise chain per userId), so commands run
//      one after the other in the order they arrived, each on the state the previous one left.
//   2. Every write is a compare-and-swap on LabSession.updatedAt (optimistic concurrency): the row is
//      updated only if it still has the version that was read. If another process wrote in between,
//      the command is run again on the fresh state (the engine is pure, so re-running is safe).
//   3. At most MAX_QUEUED calls may wait per user; more is TOO_MANY_REQUESTS (a runaway client).
//
// Cost: the `files` column (up to ~27 MB of base64 on a full 20 MB board) is only written when the
// files changed (the engine keeps the same object otherwise), and boards are cached in memory,
// keyed by their version, so a command reads one timestamp before it runs.
import type { Database } from "../db/client";
import { UserFacingError } from "../errors";
import type { BoardState } from "../lab/index";
import { labEngine, type LabEngine } from "./engine";

type Prisma = Database["prisma"];

export interface StoredBoard {
  state: BoardState;
  /** LabSession.updatedAt of the row the state was read from (the optimistic-concurrency token) */
  version: Date;
}

/** calls allowed to wait for one student's board (beyond the one running) */
export const MAX_QUEUED = 8;
/** attempts of one mutation when other processes keep writing the row */
const MAX_ATTEMPTS = 4;

// Next may load this module more than once (route handlers and server components are separate
// bundles): the queues and the cache live on globalThis so every copy shares them.
interface Shared {
  queues: Map<string, { tail: Promise<unknown>; waiting: number }>;
  cache: Map<string, { version: number; state: BoardState; bytes: number }>;
  cacheBytes: number;
}
const KEY = Symbol.for("convlab.labStore");
const shared: Shared = ((globalThis as Record<symbol, unknown>)[KEY] as Shared | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = { queues: new Map(), cache: new Map(), cacheBytes: 0 } as Shared);

/** boards kept in memory: at most this many, and at most CACHE_MAX_BYTES of file data */
const CACHE_MAX_ENTRIES = 64;
const CACHE_MAX_BYTES = 256 * 1024 * 1024;

function cacheGet(userId: string, version: Date): BoardState | undefined {
  const e = shared.cache.get(userId);
  if (!e || e.version !== version.getTime()) return undefined;
  shared.cache.delete(userId); // LRU: move to the end
  shared.cache.set(userId, e);
  return e.state;
}

function cachePut(userId: string, version: Date, state: BoardState) {
  cacheDrop(userId);
  let bytes = 64 * 1024;
  for (const f of Object.values(state.files)) bytes += f.size;
  shared.cache.set(userId, { version: version.getTime(), state, bytes });
  shared.cacheBytes += bytes;
  for (const [k, v] of shared.cache) {
    if (shared.cache.size <= CACHE_MAX_ENTRIES && shared.cacheBytes <= CACHE_MAX_BYTES) break;
    shared.cache.delete(k);
    shared.cacheBytes -= v.bytes;
  }
}

function cacheDrop(userId: string) {
  const e = shared.cache.get(userId);
  if (e) {
    shared.cache.delete(userId);
    shared.cacheBytes -= e.bytes;
  }
}

/** Forgets every cached board (tests simulate a server restart with it). */
export function clearBoardCache() {
  shared.cache.clear();
  shared.cacheBytes = 0;
}

/** Runs fn after every earlier call for the same user has finished (FIFO per user). */
export async function serialise<T>(userId: string, fn: () => Promise<T>): Promise<T> {
  let q = shared.queues.get(userId);
  if (!q) shared.queues.set(userId, (q = { tail: Promise.resolve(), waiting: 0 }));
  if (q.waiting > MAX_QUEUED) {
    throw new UserFacingError("TOO_MANY_REQUESTS", {
      zh: "开发板正忙：还有太多命令在排队。请等前面的命令结束后再试。",
      en: "The board is busy: too many commands are waiting. Try again when the earlier ones have finished.",
    });
  }
  q.waiting++;
  const queue = q;
  const run = queue.tail.then(fn, fn);
  queue.tail = run.then(
    () => undefined,
    () => undefined,
  );
  try {
    return await run;
  } finally {
    queue.waiting--;
    if (queue.waiting === 0 && shared.queues.get(userId) === queue) shared.queues.delete(userId);
  }
}

const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === "P2002";

/** Reads the student's board, creating it (with the course files) the first time. */
export async function loadBoard(prisma: Prisma, userId: string): Promise<StoredBoard> {
  const L = await labEngine();
  for (let i = 0; ; i++) {
    const head = await prisma.labSession.findUnique({ where: { userId }, select: { updatedAt: true } });
    if (head) {
      const cached = cacheGet(userId, head.updatedAt);
      if (cached) return { state: cached, version: head.updatedAt };
      const row = await prisma.labSession.findUnique({ where: { userId }, select: { boardVariant: true, cwd: true, files: true, history: true, updatedAt: true } });
      if (!row) continue; // deleted in between (account removed): start over
      const state = L.fromSessionColumns(row);
      cachePut(userId, row.updatedAt, state);
      return { state, version: row.updatedAt };
    }
    const state = await L.createBoard();
    try {
      const row = await prisma.labSession.create({ data: { userId, ...columns(L, state) }, select: { updatedAt: true } });
      cachePut(userId, row.updatedAt, state);
      return { state, version: row.updatedAt };
    } catch (e) {
      // another request created it first: read theirs
      if (!isUniqueViolation(e) || i >= 2) throw e;
    }
  }
}

function columns(L: LabEngine, state: BoardState, withFiles = true) {
  const c = L.toSessionColumns(state);
  return {
    boardVariant: c.boardVariant,
    cwd: c.cwd,
    history: c.history as unknown as object,
    ...(withFiles ? { files: c.files as unknown as object } : {}),
  };
}

class Conflict extends Error {}

/** Writes `next` if the row still has `prev.version`; returns the new version. Throws Conflict. */
async function saveBoard(prisma: Prisma, userId: string, prev: StoredBoard, next: BoardState): Promise<Date> {
  // strictly increasing, even for two writes within one millisecond (the column has ms precision)
  const version = new Date(Math.max(Date.now(), prev.version.getTime() + 1));
  const data = { ...columns(await labEngine(), next, next.files !== prev.state.files), updatedAt: version };
  const r = await prisma.labSession.updateMany({ where: { userId, updatedAt: prev.version }, data });
  if (r.count !== 1) throw new Conflict();
  cachePut(userId, version, next);
  return version;
}

/** The student's board for reading (waits for the student's running command, if any). */
export function readBoard(db: Database, userId: string): Promise<StoredBoard> {
  return serialise(userId, () => loadBoard(db.prisma, userId));
}

/**
 * Runs `fn` on the student's current board and persists the state it returns (null: nothing to
 * save). `fn` must be pure in its input (it may run again, on a newer state, after a conflict).
 */
export function mutateBoard<T>(
  db: Database,
  userId: string,
  fn: (state: BoardState) => Promise<{ state: BoardState | null; result: T }>,
): Promise<{ result: T; state: BoardState; previous: BoardState }> {
  return serialise(userId, async () => {
    for (let attempt = 1; ; attempt++) {
      const cur = await loadBoard(db.prisma, userId);
      const { state, result } = await fn(cur.state);
      if (!state || state === cur.state) return { result, state: cur.state, previous: cur.state };
      try {
        await saveBoard(db.prisma, userId, cur, state);
        return { result, state, previous: cur.state };
      } catch (e) {
        if (!(e instanceof Conflict)) throw e;
        cacheDrop(userId);
        if (attempt >= MAX_ATTEMPTS) {
          throw new UserFacingError("CONFLICT", {
            zh: "开发板的状态刚被另一个窗口修改，这条命令没有保存。请重试。",
            en: "The board was just changed from another window and this command was not saved. Please try again.",
          });
        }
      }
    }
  });
}

/** Replaces the student's board with a fresh one (course files only, empty history). */
export function resetBoard(db: Database, userId: string): Promise<BoardState> {
  return serialise(userId, async () => {
    const L = await labEngine();
    const fresh = await L.createBoard();
    const head = await db.prisma.labSession.findUnique({ where: { userId }, select: { updatedAt: true } });
    const version = new Date(Math.max(Date.now(), (head?.updatedAt.getTime() ?? 0) + 1));
    await db.prisma.labSession.upsert({
      where: { userId },
      create: { userId, ...columns(L, fresh) },
      update: { ...columns(L, fresh), updatedAt: version },
    });
    cacheDrop(userId);
    return fresh;
  });
}
