import { describe, expect, it } from "vitest";
import { attemptsLeft, attemptsUsed, daysLate, deadlinesFor, itemScore, lateFactor, windowState, type Deadlines } from "../../server/grading/policy";

const H = 3600e3;
const due = new Date("2026-12-01T12:00:00Z");
const d: Deadlines = { openAt: new Date(due.getTime() - 7 * 24 * H), dueAt: due, lateUntil: new Date(due.getTime() + 3 * 24 * H), latePenalty: 0.1 };
const at = (hoursAfterDue: number) => new Date(due.getTime() + hoursAfterDue * H);

describe("deadlines and late penalties", () => {
  it("knows the window a moment falls in", () => {
    expect(windowState(d, new Date(d.openAt.getTime() - 1))).toBe("not_open");
    expect(windowState(d, due)).toBe("open");
    expect(windowState(d, at(0.01))).toBe("late");
    expect(windowState(d, at(72))).toBe("late");
    expect(windowState(d, at(72.01))).toBe("closed");
    expect(windowState({ ...d, lateUntil: null }, at(0.01))).toBe("closed");
  });

  it("counts any started day as a day late", () => {
    expect(daysLate(d, due)).toBe(0);
    expect(daysLate(d, at(1 / 60))).toBe(1);
    expect(daysLate(d, at(24))).toBe(1);
    expect(daysLate(d, at(24.5))).toBe(2);
  });

  it("applies 10% per day, zero once closed, never negative", () => {
    expect(lateFactor(d, at(-1))).toBe(1);
    expect(lateFactor(d, at(5))).toBeCloseTo(0.9);
    expect(lateFactor(d, at(30))).toBeCloseTo(0.8);
    expect(lateFactor(d, at(71))).toBeCloseTo(0.7);
    expect(lateFactor(d, at(73))).toBe(0);
    const harsh = { ...d, latePenalty: 0.6 };
    expect(lateFactor(harsh, at(30))).toBe(0);
  });

  it("lets an extension move the due date and stretch late-until", () => {
    const ext = deadlinesFor(d, { dueAt: at(96), lateUntil: null });
    expect(windowState(ext, at(90))).toBe("open");
    expect(lateFactor(ext, at(90))).toBe(1);
    expect(ext.lateUntil!.getTime()).toBe(at(96).getTime());
  });
});

describe("attempts and counting policy", () => {
  const attempts = [
    { score: 0.5, submittedAt: at(-5), countsAsAttempt: true },
    { score: null, submittedAt: at(-4), countsAsAttempt: false }, // grader failure
    { score: 1, submittedAt: at(10), countsAsAttempt: true }, // 1 day late: 0.9
    { score: 0.6, submittedAt: at(-1), countsAsAttempt: true },
  ];
  it("does not count grader failures as attempts", () => {
    expect(attemptsUsed(attempts)).toBe(3);
    expect(attemptsLeft(5, attempts)).toBe(2);
    expect(attemptsLeft(2, attempts)).toBe(0);
    expect(attemptsLeft(null, attempts)).toBeNull();
  });
  it("takes the best penalised score, or the last one in time", () => {
    expect(itemScore("BEST", d, attempts)).toBeCloseTo(0.9);
    expect(itemScore("LAST", d, attempts)).toBeCloseTo(0.9); // the late one was submitted last
    expect(itemScore("LAST", d, attempts.slice(0, 2).concat(attempts[3]))).toBeCloseTo(0.6);
    expect(itemScore("BEST", d, [])).toBeNull();
  });
});
