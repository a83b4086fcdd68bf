// npx tsx bench/live-gradebook.ts [--students 300] [--submissions 1000] [--rate 10] [--teachers 3]
// scripts/with-postgres.sh npx tsx bench/live-gradebook.ts ...   (the same on PostgreSQL)
//
// Live updates under load: STUDENTS students hold a real HTTP SSE connection each to the live-class
// subscription (student.onLive), TEACHERS teacher tabs hold one to the live gradebook
// (teacher.gradebook.onChange), while SUBMISSIONS submissions go in over HTTP (submission.submit)
// and are graded by the real sandbox worker pool. Every grading publishes one gradebook event and
// one live-class event (the class has a running live session on the exercise), so each student
// connection must receive every live event once, and each teacher tab every gradebook event once.
//
// Server side = this process: the real appRouter behind tRPC's node HTTP adapter (the route
// handler of Next uses the same resolver, through the fetch adapter), the production background
// services (event poller + grading queue + grader pool, server/services.ts) on an in-memory PGlite
// (or PostgreSQL: DATABASE_URL / TEST_DATABASE_URL, e.g. under scripts/with-postgres.sh). Sessions come from an "x-bench-user" header: a bench-only
// context, the HTTP endpoint of the app never reads it. Clients = a child process (so the server's
// memory is measured alone) that parses the SSE streams and times every event on arrival.
//
// Prints: events expected / delivered / duplicated / missing per stream, delivery delay (event row
// created in the grading transaction -> event parsed by the client: commit, poll, fan-out,
// serialisation, socket) p50 / p95 / max, server RSS before and after, and grading throughput.
import http from "node:http";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const SELF = fileURLToPath(import.meta.url);
const { values } = parseArgs({
  options: {
    client: { type: "boolean", default: false },
    students: { type: "string", default: "300" },
    submissions: { type: "string", default: "1000" },
    rate: { type: "string", default: "10" }, // submissions per second
    teachers: { type: "string", default: "3" },
    exercise: { type: "string", default: "conv-output-size" },
  },
});

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

// ---------------------------------------------------------------------------------------------
// messages between the two processes
interface ClientConfig {
  port: number;
  classId: string;
  teacherId: string;
  students: string[];
  assignmentId: string;
  exercise: string;
  cursor: string;
  submissions: number;
  rate: number;
  teachers: number;
}
type ToClient = { type: "config"; config: ClientConfig } | { type: "go" } | { type: "expect"; live: Array<[string, number]>; gradebook: Array<[string, number]> };
interface StreamReport {
  connections: number;
  connected: number;
  expected: number;
  delivered: number;
  duplicated: number;
  missing: number;
  unexpected: number;
  errors: number;
  /** SSE messages received (gradebook: one message may cover several events) */
  messages: number;
  delays: { p50: number; p95: number; max: number };
}
type ToServer =
  | { type: "connected"; students: number; teachers: number; ms: number }
  | { type: "submitted"; accepted: number; refused: number; httpErrors: number; retried: number; ms: number }
  | { type: "report"; live: StreamReport; gradebook: StreamReport; clientRss: number };

// ---------------------------------------------------------------------------------------------
// client process: SSE connections and submissions
async function runClient() {
  const send = (m: ToServer) => process.send!(m);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  let cfg!: ClientConfig;

  interface Conn {
    kind: "live" | "gradebook";
    seen: Map<string, number>; // event id -> arrival time
    duplicated: number;
    open: boolean;
    errors: number;
    messages: number;
    req?: http.ClientRequest;
  }
  const conns: Conn[] = [];

  function openSse(kind: Conn["kind"], userId: string, procedure: string, input: unknown): Promise<Conn> {
    const conn: Conn = { kind, seen: new Map(), duplicated: 0, open: false, errors: 0, messages: 0 };
    conns.push(conn);
    const qs = encodeURIComponent(JSON.stringify({ json: input }));
    return new Promise((resolve) => {
      const req = http.get(
        { host: "127.0.0.1", port: cfg.port, path: `/${procedure}?input=${qs}`, agent, headers: { accept: "text/event-stream", "x-bench-user": userId } },
        (res) => {
          if (res.statusCode !== 200) {
            conn.errors++;
            resolve(conn);
            return;
          }
          res.setEncoding("utf8");
          let buf = "";
          res.on("data", (chunk: string) => {
            const now = Date.now();
            buf += chunk;
            let i;
            while ((i = buf.indexOf("\n\n")) >= 0) {
              const block = buf.slice(0, i);
              buf = buf.slice(i + 2);
              let id: string | null = null;
              let event = "message";
              let data = "";
              for (const line of block.split("\n")) {
                if (line.startsWith("id:")) id = line.slice(3).trim();
                else if (line.startsWith("event:")) event = line.slice(6).trim();
                else if (line.startsWith("data:")) data += line.slice(5).trim();
              }
              if (event === "connected") {
                conn.open = true;
                resolve(conn);
              } else if (event === "serialized-error") conn.errors++;
              else if (id) {
                // a gradebook message covers one or more events (a tab that fell behind catches up in one)
                const ids = kind === "gradebook" ? ((JSON.parse(data) as { json: { events?: string[] } }).json.events ?? [id]) : [id];
                for (const e of ids) {
                  if (conn.seen.has(e)) conn.duplicated++;
                  else conn.seen.set(e, now);
                }
                if (kind === "gradebook") conn.messages++;
              }
            }
          });
          res.on("error", () => conn.errors++);
        },
      );
      req.on("error", () => {
        conn.errors++;
        resolve(conn);
      });
      conn.req = req;
    });
  }

  const post = (userId: string, procedure: string, input: unknown) =>
    new Promise<{ status: number; body: string }>((resolve) => {
      const body = JSON.stringify({ json: input });
      const req = http.request(
        { host: "127.0.0.1", port: cfg.port, path: `/${procedure}`, method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-bench-user": userId } },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on("error", () => resolve({ status: 0, body: "" }));
      req.end(body);
    });

  const CORRECT = "export function outputSize(inSize: number, kernel: number, stride: number, padding: number, dilation = 1): number {\n  return Math.floor((inSize + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1;\n}";
  // a classic mistake (no floor), and one that is wrong everywhere: the histogram gets some spread
  const NO_FLOOR = "export function outputSize(inSize: number, kernel: number, stride: number, padding: number, dilation = 1): number {\n  return (inSize + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;\n}";
  const WRONG = "export function outputSize(inSize: number, kernel: number): number {\n  return inSize - kernel;\n}";

  process.on("message", async (m: ToClient) => {
    if (m.type === "config") {
      cfg = m.config;
      const t0 = Date.now();
      // connect in waves of 50 so the server is not hit by 300 handshakes in one tick
      for (let i = 0; i < cfg.students.length; i += 50) {
        await Promise.all(cfg.students.slice(i, i + 50).map((id) => openSse("live", id, "student.onLive", { classId: cfg.classId, lastEventId: cfg.cursor })));
      }
      await Promise.all(Array.from({ length: cfg.teachers }, () => openSse("gradebook", cfg.teacherId, "teacher.gradebook.onChange", { classId: cfg.classId, lastEventId: cfg.cursor })));
      send({
        type: "connected",
        students: conns.filter((c) => c.kind === "live" && c.open).length,
        teachers: conns.filter((c) => c.kind === "gradebook" && c.open).length,
        ms: Date.now() - t0,
      });
    } else if (m.type === "go") {
      const t0 = Date.now();
      let accepted = 0, refused = 0, httpErrors = 0, retried = 0;
      const inflight: Promise<void>[] = [];
      for (let i = 0; i < cfg.submissions; i++) {
        const due = t0 + (i * 1000) / cfg.rate;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const code = i % 5 === 3 ? NO_FLOOR : i % 7 === 5 ? WRONG : CORRECT;
        const student = cfg.students[i % cfg.students.length];
        inflight.push(
          (async () => {
            // a student with 3 submissions still waiting is told to wait (429): they try again a second later
            for (;;) {
              const r = await post(student, "submission.submit", { exercise: cfg.exercise, code: `${code}\n// ${i}`, kind: "SUBMIT", assignmentId: cfg.assignmentId });
              if (r.status === 429) {
                retried++;
                await new Promise((res) => setTimeout(res, 1000));
                continue;
              }
              if (r.status === 200) accepted++;
              else if (r.status === 0 || r.status >= 500) httpErrors++;
              else refused++;
              return;
            }
          })(),
        );
      }
      await Promise.all(inflight);
      send({ type: "submitted", accepted, refused, httpErrors, retried, ms: Date.now() - t0 });
    } else if (m.type === "expect") {
      const report = async (kind: Conn["kind"], expectedIds: Array<[string, number]>): Promise<StreamReport> => {
        const list = conns.filter((c) => c.kind === kind);
        const created = new Map(expectedIds);
        // give the last events up to 30 s to arrive
        const end = Date.now() + 30_000;
        while (Date.now() < end && list.some((c) => c.open && [...created.keys()].some((id) => !c.seen.has(id)))) await new Promise((r) => setTimeout(r, 50));
        const delays: number[] = [];
        let delivered = 0, unexpected = 0, missing = 0;
        for (const c of list) {
          for (const [id, at] of c.seen) {
            const t = created.get(id);
            if (t == null) unexpected++;
            else {
              delivered++;
              delays.push(at - t);
            }
          }
          for (const id of created.keys()) if (!c.seen.has(id)) missing++;
        }
        delays.sort((a, b) => a - b);
        return {
          connections: list.length,
          connected: list.filter((c) => c.open).length,
          expected: created.size * list.length,
          delivered,
          duplicated: list.reduce((s, c) => s + c.duplicated, 0),
          missing,
          unexpected,
          errors: list.reduce((s, c) => s + c.errors, 0),
          messages: kind === "gradebook" ? list.reduce((s, c) => s + c.messages, 0) : delivered,
          delays: { p50: pct(delays, 50), p95: pct(delays, 95), max: delays[delays.length - 1] ?? NaN },
        };
      };
      const live = await report("live", m.live);
      const gradebook = await report("gradebook", m.gradebook);
      for (const c of conns) c.req?.destroy();
      send({ type: "report", live, gradebook, clientRss: process.memoryUsage().rss });
      setTimeout(() => process.exit(0), 100);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// server process
async function runServer() {
  const STUDENTS = Number(values.students), SUBMISSIONS = Number(values.submissions), RATE = Number(values.rate), TEACHERS = Number(values.teachers);
  const EXERCISE = values.exercise!;
  const root = path.resolve(path.dirname(SELF), "..");
  process.chdir(root);
  if (!fs.existsSync(path.join(root, "exercises", EXERCISE, "exercise.json"))) {
    console.error(`exercise ${EXERCISE} not found in exercises/`);
    process.exit(2);
  }
  const { openDatabase, isPostgresUrl } = await import("../server/db/client");
  const { setDatabase } = await import("../server/db");
  const { startBackgroundServices } = await import("../server/services");
  const { ensureDemoCourse } = await import("../server/seed/course");
  const { syncExerciseCatalogue } = await import("../server/seed/catalogue");
  const { createHTTPServer } = await import("@trpc/server/adapters/standalone");
  const { appRouter } = await import("../server/api/root");
  const { createInnerContext } = await import("../server/api/trpc");
  const { newJoinCode } = await import("../server/seed/demo");
  const { startLiveSession } = await import("../server/teaching/live");
  const { channels } = await import("../server/events/bus");

  const envUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const url = isPostgresUrl(envUrl) ? envUrl : "memory://";
  const db = await openDatabase(url);
  setDatabase(db);
  const prisma = db.prisma;
  const course = await ensureDemoCourse(prisma);
  try {
    await syncExerciseCatalogue(db);
  } catch (e) {
    // someone's half-written exercise elsewhere in the folder: register just the one this bench uses
    console.error(`catalogue not synced (${(e as Error).message.split("\n")[0]}); registering ${EXERCISE} alone`);
    const { readExerciseMeta } = await import("../server/grader/exercise-store");
    const meta = readExerciseMeta(path.join(root, "exercises"), EXERCISE);
    await prisma.exercise.create({
      data: { slug: EXERCISE, uuid: meta.uuid, courseId: course.id, topic: meta.topic, order: meta.order, titleZh: meta.title.zh, titleEn: meta.title.en, points: meta.points, currentVersion: 1, versions: { create: { version: 1, contentHash: "bench" } } },
    });
  }

  // people: accounts are inserted directly (no password hashing: nobody signs in, the bench context
  // takes the user id from a header)
  const tag = Date.now().toString(36);
  const teacher = await prisma.user.create({ data: { email: `bench-teacher-${tag}@example.com`, name: "Bench teacher", passwordHash: "-", role: "TEACHER" } });
  await prisma.user.createMany({ data: Array.from({ length: STUDENTS }, (_, i) => ({ email: `bench-${tag}-${i}@example.com`, name: `学生 ${i + 1}`, passwordHash: "-", role: "STUDENT" as const })) });
  const students = (await prisma.user.findMany({ where: { email: { startsWith: `bench-${tag}-` } }, select: { id: true } })).map((s) => s.id);
  const cls = await prisma.class.create({ data: { courseId: course.id, teacherId: teacher.id, name: "Bench class", joinCode: newJoinCode(8) } });
  await prisma.enrollment.createMany({ data: students.map((userId) => ({ classId: cls.id, userId })) });
  const exercise = await prisma.exercise.findUniqueOrThrow({ where: { slug: EXERCISE } });
  const assignment = await prisma.assignment.create({
    data: { classId: cls.id, title: "Bench", openAt: new Date(Date.now() - 3600_000), dueAt: new Date(Date.now() + 86_400_000), items: { create: [{ kind: "EXERCISE", exerciseId: exercise.id, points: 10, order: 0 }] } },
  });

  const services = await startBackgroundServices(db);
  await startLiveSession(prisma, { id: teacher.id, role: "TEACHER" }, cls, { exercise: EXERCISE, leaderboard: true, anonymous: true });
  const cursor = String((await prisma.event.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0n);

  const server = createHTTPServer({
    router: appRouter,
    createContext: ({ req }) => {
      const id = req.headers["x-bench-user"];
      return createInnerContext({ db, session: typeof id === "string" ? { user: { id } } : null });
    },
  });
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;

  // warm the grader pool so worker start-up is not part of the first deliveries
  const { gradeSubmission, defaultGraderPool } = await import("../server/grader/grade");
  const pool = defaultGraderPool();
  await Promise.all(Array.from({ length: 4 }, (_, i) => gradeSubmission({ exerciseId: EXERCISE, code: "export function outputSize() { return 0; }", seed: i, mode: "submit" }, pool)));
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;

  const child = spawn(process.execPath, ["--import", "tsx", SELF, "--client"], { stdio: ["ignore", "inherit", "inherit", "ipc"], cwd: root });
  const inbox: ToServer[] = [];
  let wake: (() => void) | null = null;
  child.on("message", (m: ToServer) => {
    inbox.push(m);
    wake?.();
  });
  const next = async <T extends ToServer["type"]>(type: T): Promise<Extract<ToServer, { type: T }>> => {
    for (;;) {
      const i = inbox.findIndex((m) => m.type === type);
      if (i >= 0) return inbox.splice(i, 1)[0] as Extract<ToServer, { type: T }>;
      await new Promise<void>((r) => (wake = r));
    }
  };
  const tell = (m: ToClient) => child.send(m);

  tell({ type: "config", config: { port, classId: cls.id, teacherId: teacher.id, students, assignmentId: assignment.id, exercise: EXERCISE, cursor, submissions: SUBMISSIONS, rate: RATE, teachers: TEACHERS } });
  const connected = await next("connected");
  const rssConnected = process.memoryUsage().rss;
  console.error(`connected ${connected.students} student + ${connected.teachers} teacher SSE streams in ${connected.ms} ms; submitting ${SUBMISSIONS} at ${RATE}/s…`);

  const tGo = Date.now();
  tell({ type: "go" });
  let peakRss = rssConnected;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  const submitted = await next("submitted");
  // wait for the queue to drain
  for (;;) {
    const open = await prisma.submission.count({ where: { assignmentId: assignment.id, status: { in: ["QUEUED", "RUNNING"] } } });
    if (open === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const gradedMs = Date.now() - tGo;
  await new Promise((r) => setTimeout(r, 300)); // the last commits reach the poller
  clearInterval(sampler);
  const graded = await prisma.submission.count({ where: { assignmentId: assignment.id, status: "GRADED" } });
  const failed = await prisma.submission.count({ where: { assignmentId: assignment.id, status: "ERROR" } });
  const rows = async (channel: string) =>
    (await prisma.event.findMany({ where: { channel, id: { gt: BigInt(cursor) } }, select: { id: true, createdAt: true }, orderBy: { id: "asc" } })).map((e) => [String(e.id), e.createdAt.getTime()] as [string, number]);
  const liveEvents = await rows(channels.classLive(cls.id));
  const gbEvents = await rows(channels.classGradebook(cls.id));
  tell({ type: "expect", live: liveEvents, gradebook: gbEvents });
  const report = await next("report");
  global.gc?.();
  const rssAfter = process.memoryUsage().rss;

  const line = (name: string, r: StreamReport): string[] => [
    name,
    `${r.connected}/${r.connections}`,
    String(r.expected),
    String(r.delivered),
    String(r.duplicated),
    String(r.missing),
    `${r.delays.p50} ms`,
    `${r.delays.p95} ms`,
    `${r.delays.max} ms`,
  ];
  const table = [
    ["stream", "connections", "events expected", "delivered", "duplicated", "missing", "p50 delay", "p95 delay", "max delay"],
    line("student.onLive (live class)", report.live),
    line("teacher.gradebook.onChange", report.gradebook),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  const fmt = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(`\nlive updates: ${os.availableParallelism()} cores, node ${process.version}, database ${db.kind}, exercise ${EXERCISE}`);
  console.log(fmt(table[0]));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of table.slice(1)) console.log(fmt(r));
  const facts: Array<[string, string]> = [
    ["submissions accepted / refused / HTTP errors", `${submitted.accepted} / ${submitted.refused} / ${submitted.httpErrors}`],
    ["'wait for your previous submissions' (429), retried", String(submitted.retried)],
    ["graded / grader errors", `${graded} / ${failed}`],
    ["submit window, all graded after", `${(submitted.ms / 1000).toFixed(1)} s, ${(gradedMs / 1000).toFixed(1)} s (${(graded / (gradedMs / 1000)).toFixed(1)} gradings/s)`],
    ["server RSS before connections", mb(rssBefore)],
    ["server RSS with all streams open", mb(rssConnected)],
    ["server RSS peak during the run", mb(peakRss)],
    ["server RSS after the run", mb(rssAfter)],
    ["client process RSS (all streams)", mb(report.clientRss)],
    ["stream errors (student / teacher)", `${report.live.errors} / ${report.gradebook.errors}`],
    ["gradebook SSE messages (events batched per message)", `${report.gradebook.messages} for ${report.gradebook.delivered} events`],
  ];
  const fw = Math.max(...facts.map((f) => f[0].length));
  for (const [k, v] of facts) console.log(`${k.padEnd(fw)}  ${v}`);
  const ok =
    report.live.connected === STUDENTS &&
    report.gradebook.connected === TEACHERS &&
    [report.live, report.gradebook].every((r) => r.delivered === r.expected && r.duplicated === 0 && r.missing === 0 && r.unexpected === 0) &&
    liveEvents.length === graded + failed;
  console.log(ok ? "\nOK: every event delivered exactly once to every stream" : "\nFAILED: see the table");

  server.closeAllConnections?.();
  server.close();
  await services.stop();
  await db.close();
  process.exit(ok ? 0 : 1);
}

if (values.client) await runClient();
else await runServer();
