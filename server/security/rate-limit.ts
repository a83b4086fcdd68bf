// Rate limits that hold across processes. In scale-out mode any web process may answer any
// request, so a counter in memory would let a guesser spread attempts over the processes: the
// counts live in the database instead, one "RateEvent" row per counted attempt (a sliding-window
// log). consumeRate() checks and records in one transaction, serialised per key with an advisory
// lock, so parallel requests (one browser, several processes) cannot all slip under the limit.
//
// Limits that count *failures* (wrong passwords, unknown join codes) consume a slot before the
// check and refund() it on success: counting only after a failure would let a burst of parallel
// guesses all pass the check before the first failure is written.
//
//   rule                         limit  window   counts
//   sign-in, per e-mail          10     15 min   failed sign-ins (refunded on success)
//   sign-in, per client address  50     15 min   failed sign-ins, all e-mails (a room behind one NAT)
//   sign-up, per client address  60     1 h      sign-up attempts
//   join codes, per student      10     15 min   lookups and joins with a code that is not valid
//
// Per-address limits are multiplied by CONVLAB_IP_LIMIT_FACTOR (default 1) for campuses where
// many students share one address. The client address comes from server/security/client-ip.ts.
import type { PrismaClient } from "../db/generated/client";
import { UserFacingError } from "../errors";
import { bilingual, type MessageKey } from "../i18n/t";

type Prisma = PrismaClient;

export interface RateRule {
  /** what is counted, e.g. "signin:email:ana@example.com" */
  key: string;
  /** attempts allowed within the window */
  limit: number;
  windowMs: number;
}

/** rows older than this are deleted by the periodic prune: no window may be longer */
export const MAX_RATE_WINDOW_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;
// two-key advisory locks live in their own key space, apart from the migrations' one-key lock
const LOCK_CLASS = 7275;

const MINUTE = 60_000;

/** CONVLAB_IP_LIMIT_FACTOR scales the per-address limits (a whole class behind one NAT address). */
export function ipLimitFactor(env: Record<string, string | undefined> = process.env): number {
  const f = Number(env.CONVLAB_IP_LIMIT_FACTOR);
  return Number.isFinite(f) && f >= 1 ? f : 1;
}

export const RATE_LIMITS = {
  signInPerEmail: { limit: 10, windowMs: 15 * MINUTE },
  signInPerIp: { limit: 50, windowMs: 15 * MINUTE },
  signUpPerIp: { limit: 60, windowMs: 60 * MINUTE },
  joinCodePerUser: { limit: 10, windowMs: 15 * MINUTE },
} as const;

const perIp = (r: { limit: number; windowMs: number }) => ({ limit: Math.round(r.limit * ipLimitFactor()), windowMs: r.windowMs });

export const rateRules = {
  signIn(email: string, ip: string | null): RateRule[] {
    const rules: RateRule[] = [{ key: `signin:email:${email}`, ...RATE_LIMITS.signInPerEmail }];
    if (ip) rules.push({ key: `signin:ip:${ip}`, ...perIp(RATE_LIMITS.signInPerIp) });
    return rules;
  },
  signUp(ip: string | null): RateRule[] {
    return ip ? [{ key: `signup:ip:${ip}`, ...perIp(RATE_LIMITS.signUpPerIp) }] : [];
  },
  joinCode(userId: string): RateRule[] {
    return [{ key: `join:user:${userId}`, ...RATE_LIMITS.joinCodePerUser }];
  },
};

/** Refused by a rate limit: TOO_MANY_REQUESTS with a bilingual message saying how long to wait. */
export class RateLimitedError extends UserFacingError {
  readonly key: MessageKey;
  constructor(
    messageKey: MessageKey,
    public readonly retryAfterMs: number,
  ) {
    const minutes = retryMinutes(retryAfterMs);
    super("TOO_MANY_REQUESTS", bilingual(messageKey, () => ({ minutes })));
    this.key = messageKey;
  }
}

/** whole minutes to wait, at least 1 */
export function retryMinutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / MINUTE));
}

export function isRateLimited(e: unknown): e is RateLimitedError {
  // by shape: Next may load this module twice
  const v = e as { name?: string; code?: string; retryAfterMs?: unknown } | null;
  return !!v && v.name === "UserFacingError" && v.code === "TOO_MANY_REQUESTS" && typeof v.retryAfterMs === "number";
}

export interface RateAttempt {
  /** takes this attempt back (for limits that count failures: call it on success) */
  refund(): Promise<void>;
}

export interface ConsumeOptions {
  now?: Date;
  /** the message of the refusal, with a {minutes} parameter; default errors.rateLimited */
  messageKey?: MessageKey;
}

/**
 * Counts one attempt under every rule, or none: when any rule's window already holds `limit`
 * attempts, throws RateLimitedError and records nothing. Rules without a key (e.g. no client
 * address known) are simply absent from the list.
 */
export async function consumeRate(prisma: Prisma, rules: RateRule | RateRule[], opts: ConsumeOptions = {}): Promise<RateAttempt> {
  const list = [...new Map((Array.isArray(rules) ? rules : [rules]).map((r) => [r.key, r])).values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (list.length === 0) return { refund: async () => undefined };
  for (const r of list) {
    if (!(r.limit >= 1) || !(r.windowMs > 0) || r.windowMs > MAX_RATE_WINDOW_MS) throw new Error(`bad rate rule for ${r.key}`);
  }
  const now = opts.now ?? new Date();
  const outcome = await prisma.$transaction(async (tx) => {
    let waitMs = 0;
    for (const r of list) {
      // keys in sorted order, so two calls locking the same keys never deadlock
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_CLASS}::int, hashtext(${r.key}))`;
      const from = new Date(now.getTime() - r.windowMs);
      await tx.rateEvent.deleteMany({ where: { key: r.key, at: { lte: from } } });
      const recent = await tx.rateEvent.findMany({ where: { key: r.key }, orderBy: { at: "asc" }, select: { at: true } });
      if (recent.length >= r.limit) {
        // allowed again once enough of the oldest attempts have left the window
        const freeing = recent[recent.length - r.limit]!.at.getTime() + r.windowMs - now.getTime();
        waitMs = Math.max(waitMs, freeing, 1);
      }
    }
    if (waitMs > 0) return { waitMs, ids: [] as bigint[] };
    const rows = await tx.rateEvent.createManyAndReturn({ data: list.map((r) => ({ key: r.key, at: now })), select: { id: true } });
    return { waitMs: 0, ids: rows.map((r) => r.id) };
  });
  await maybePrune(prisma);
  if (outcome.waitMs > 0) throw new RateLimitedError(opts.messageKey ?? "errors.rateLimited", outcome.waitMs);
  let refunded = false;
  return {
    refund: async () => {
      if (refunded) return;
      refunded = true;
      await prisma.rateEvent.deleteMany({ where: { id: { in: outcome.ids } } });
    },
  };
}

let lastPrune = 0;

async function maybePrune(prisma: Prisma) {
  if (Date.now() - lastPrune < PRUNE_EVERY_MS) return;
  lastPrune = Date.now();
  await pruneRateEvents(prisma).catch((e: unknown) => console.error("[rate-limit] prune failed:", (e as Error).message));
}

/** Deletes every row older than the longest window (keys that were never used again). */
export async function pruneRateEvents(prisma: Prisma, now: Date = new Date()): Promise<number> {
  const { count } = await prisma.rateEvent.deleteMany({ where: { at: { lt: new Date(now.getTime() - MAX_RATE_WINDOW_MS) } } });
  return count;
}
