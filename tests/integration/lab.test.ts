// The virtual Orange Pi lab through the tRPC API on a real (PGlite, on disk) database: a student's
// whole session (upload a model in chunks, a failing atc (the chip name without "Ascend") with the real error line, the right atc,
// inference), boards isolated between students, state surviving a server restart, reset, upload
// limits with bilingual refusals, and two tabs writing at once without losing either's commands.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../server/db/client";
import { callerAs, makeUser, postMutation } from "./support/api";
import { clearBoardCache, mutateBoard } from "../../server/lab-store/index";
import { UPLOAD_CHUNK_BYTES } from "../../server/lab-store/uploads";
import { courseModelInfo, runCommand, MAX_BOARD_BYTES } from "../../server/lab/index";
import { MAX_BOARD_BYTES as ROUTER_MAX_BOARD_BYTES } from "../../server/api/routers/lab";

const HOME = "/home/HwHiAiUser";
const CNNCTC = `${HOME}/samples/notebooks/01-CNNCTC`;
const RIGHT_ATC = 'atc --model=cnnctc.air --output="cnnctc" --framework=1 --soc_version=Ascend310B4 --output_type=FP32 --precision_mode=allow_fp32_to_fp16 --log=info';

let dataDir: string;
let db: Database;
let trained = false;
type User = Awaited<ReturnType<typeof makeUser>>;
let alice: User;
let bob: User;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "convlab-lab-test-"));
  db = await openDatabase(path.join(dataDir, "pglite"));
  alice = await makeUser(db);
  bob = await makeUser(db);
  trained = (await courseModelInfo()).trained;
}, 120_000);

afterAll(async () => {
  await db?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The caller as a fresh process would create it (no cached board). */
const as = (u: User) => callerAs(db, u);

/** Uploads bytes in chunks the way the page does. */
async function upload(u: User, p: string, bytes: Uint8Array) {
  const count = Math.max(1, Math.ceil(bytes.length / UPLOAD_CHUNK_BYTES));
  const id = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  let last;
  for (let i = 0; i < count; i++) {
    const chunk = bytes.subarray(i * UPLOAD_CHUNK_BYTES, (i + 1) * UPLOAD_CHUNK_BYTES);
    last = await as(u).lab.upload({ path: p, base64: Buffer.from(chunk).toString("base64"), part: { id, index: i, count, size: bytes.length } });
  }
  return last!;
}

async function bilingualError(p: Promise<unknown>) {
  const e = (await p.then(() => null, (x: unknown) => x)) as { code?: string; cause?: { i18n?: { zh: string; en: string } } } | null;
  expect(e, "the call should have failed").not.toBeNull();
  return { code: e!.code, zh: e!.cause?.i18n?.zh ?? "", en: e!.cause?.i18n?.en ?? "" };
}

describe("a student's session on the virtual board", () => {
  it("starts at the board's prompt with the course files", async () => {
    const s = await as(alice).lab.state();
    expect(ROUTER_MAX_BOARD_BYTES).toBe(MAX_BOARD_BYTES);
    expect(s.maxBytes).toBe(MAX_BOARD_BYTES);
    expect(s.prompt).toBe("(base) HwHiAiUser@orangepiaipro:~$ ");
    expect(s.variant).toBe("Ascend310B4");
    expect(s.history).toEqual([]);
    expect(s.files.map((f) => f.path)).toEqual(expect.arrayContaining([`${CNNCTC}/cnnctc.air`, `${CNNCTC}/bash.sh`, `${CNNCTC}/infer_cnnctc.py`, `${CNNCTC}/predict.png`]));
    const smi = await as(alice).lab.run({ line: "npu-smi info" });
    expect(smi.exitCode).toBe(0);
    expect(smi.output).toMatch(/\| 0\s+310B4\s+\| OK/);
  });

  it("uploads a model in chunks, fails atc with the real error line, converts it, and reads 'parking'", async () => {
    // the student downloads the course model and uploads it again into a folder of their own
    const air = await as(alice).lab.download({ path: `${CNNCTC}/cnnctc.air` });
    expect(air.size).toBeGreaterThan(UPLOAD_CHUNK_BYTES); // really takes several chunks
    const bytes = new Uint8Array(Buffer.from(air.base64, "base64"));
    expect((await as(alice).lab.run({ line: "mkdir -p work && cp samples/notebooks/01-CNNCTC/predict.png samples/notebooks/01-CNNCTC/infer_cnnctc.py work/" })).exitCode).toBe(0);
    const partial = await as(alice).lab.upload({ path: `${HOME}/work/cnnctc.air`, base64: Buffer.from(bytes.subarray(0, UPLOAD_CHUNK_BYTES)).toString("base64"), part: { id: "first-try-1", index: 0, count: 9, size: bytes.length } });
    expect(partial.done).toBe(false);
    const up = await upload(alice, `${HOME}/work/cnnctc.air`, bytes); // a new upload replaces the unfinished one
    expect(up.done).toBe(true);
    const again = await as(alice).lab.download({ path: `${HOME}/work/cnnctc.air` });
    expect(again.base64).toBe(air.base64);

    let r = await as(alice).lab.run({ line: "cd work" });
    expect(r.prompt).toBe("(base) HwHiAiUser@orangepiaipro:~/work$ ");
    r = await as(alice).lab.run({ line: "atc --model=cnnctc.air --output=cnnctc --framework=1 --soc_version=310B4" });
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toContain("E10001: Value [310B4] for parameter [--soc_version] is invalid.");
    expect(r.output).toContain("ATC run failed, Please check the detail log, Try 'atc --help' for more information");

    r = await as(alice).lab.run({ line: RIGHT_ATC });
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain("ATC run success, welcome to the next use.");
    expect(r.board.files.map((f) => f.path)).toContain(`${HOME}/work/cnnctc.om`);

    r = await as(alice).lab.run({ line: "python3 infer_cnnctc.py" });
    expect(r.exitCode).toBe(0);
    expect(r.output).toMatch(/infer use time:[\d.]+ms/);
    if (trained) expect(r.output).toMatch(/Predict:\s+\['parking'\]/);
    else expect(r.output, "models/cnnctc-small is missing: the untrained placeholder cannot read the word").toMatch(/Predict:\s+\['[^']*'\]/);

    const tasks = await as(alice).lab.tasks();
    const convert = tasks.find((t) => t.key === "convert-cnnctc")!;
    expect(convert.passed).toBe(true);
    expect(convert.feedback.zh).toContain("转换成功");
    expect(convert.best?.score).toBe(1);
    const rows = await db.prisma.labTaskResult.findMany({ where: { userId: alice.id } });
    expect(rows.find((x) => x.task === "convert-cnnctc")?.score).toBe(1);
    if (trained) expect(tasks.find((t) => t.key === "deploy-cnnctc")!.passed).toBe(true);
  }, 240_000);

  it("keeps each board private: another student sees, downloads and changes nothing of it", async () => {
    const b = await as(bob).lab.state();
    expect(b.files.some((f) => f.path.startsWith(`${HOME}/work`))).toBe(false);
    expect(b.history).toEqual([]);
    expect(b.cwd).toBe(HOME);
    expect((await bilingualError(as(bob).lab.download({ path: `${HOME}/work/cnnctc.om` }))).code).toBe("NOT_FOUND");
    const ls = await as(bob).lab.run({ line: "ls /home/HwHiAiUser/work" });
    expect(ls.exitCode).toBe(2);
    expect(ls.output).toContain("No such file or directory");
    const tasks = await as(bob).lab.tasks();
    expect(tasks.every((t) => !t.passed && t.best === null)).toBe(true);
    // bob's actions never reach alice's board
    await as(bob).lab.run({ line: "echo bob > mine.txt" });
    await as(bob).lab.reset();
    const a = await as(alice).lab.state();
    expect(a.files.some((f) => f.path === `${HOME}/work/cnnctc.om`)).toBe(true);
    expect(a.files.some((f) => f.path.endsWith("mine.txt"))).toBe(false);
    // a user id in the input is not part of any procedure's input: zod drops it
    const sneaky = await (as(bob).lab.download as (i: unknown) => Promise<unknown>)({ path: `${HOME}/work/cnnctc.om`, userId: alice.id }).catch((e: { code: string }) => e.code);
    expect(sneaky).toBe("NOT_FOUND");
    // signed out: nothing at all
    await expect(callerAs(db, null).lab.state()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("survives a server restart: same files, directory, history and task results", async () => {
    const before = await as(alice).lab.state();
    await db.close();
    clearBoardCache();
    db = await openDatabase(path.join(dataDir, "pglite"));
    const after = await as(alice).lab.state();
    expect(after.prompt).toBe("(base) HwHiAiUser@orangepiaipro:~/work$ ");
    expect(after.files).toEqual(before.files);
    expect(after.history.map((h) => h.cmd)).toEqual(before.history.map((h) => h.cmd));
    expect(after.history.at(-1)?.cmd).toBe("python3 infer_cnnctc.py");
    expect(after.history.at(-1)?.out).toMatch(/Predict:/);
    expect(after.recall).toContain(RIGHT_ATC);
    const r = await as(alice).lab.run({ line: "ls" });
    expect(r.output).toContain("cnnctc.om");
    expect((await as(alice).lab.tasks()).find((t) => t.key === "convert-cnnctc")?.passed).toBe(true);
  }, 120_000);

  it("refuses an oversize upload with a bilingual message and loses nothing", async () => {
    const before = await as(alice).lab.state();
    const huge = 21 * 1024 * 1024;
    const e = await bilingualError(as(alice).lab.upload({ path: `${HOME}/big.onnx`, base64: Buffer.alloc(UPLOAD_CHUNK_BYTES).toString("base64"), part: { id: "huge-upload-1", index: 0, count: Math.ceil(huge / UPLOAD_CHUNK_BYTES), size: huge } }));
    expect(e.code).toBe("PAYLOAD_TOO_LARGE");
    expect(e.zh).toContain("上传被拒绝");
    expect(e.zh).toContain("big.onnx");
    expect(e.en).toContain("Upload rejected");
    expect(e.en).toContain("20.0 MB");
    // what a browser sees on the wire
    const wire = await postMutation(db, alice, "lab.upload", { path: `${HOME}/big.onnx`, base64: "", part: { id: "huge-upload-2", index: 0, count: 200, size: huge } });
    expect(wire.status).toBe(413);
    expect(wire.error?.data.i18n.zh).toContain("上传被拒绝");
    expect(wire.error?.data.i18n.en).toContain("Upload rejected");
    // a chunk larger than the limit never reaches the server's memory (zod bound)
    expect((await bilingualError(as(alice).lab.upload({ path: `${HOME}/x.bin`, base64: "A".repeat(UPLOAD_CHUNK_BYTES * 2) }))).code).toBe("BAD_REQUEST");
    // chunks that do not add up to the announced size are refused, and nothing is written
    const lie = await bilingualError(as(alice).lab.upload({ path: `${HOME}/lie.bin`, base64: Buffer.alloc(10).toString("base64"), part: { id: "lying-upload", index: 0, count: 1, size: 20 } }));
    expect(lie.code).toBe("BAD_REQUEST");
    expect(lie.zh).toBeTruthy();
    // a chunk of an upload the server does not know
    expect((await bilingualError(as(alice).lab.upload({ path: `${HOME}/y.bin`, base64: "", part: { id: "never-started", index: 3, count: 5, size: 5 * UPLOAD_CHUNK_BYTES } }))).code).toBe("CONFLICT");
    // bad names come back in both languages from the engine
    const bad = await bilingualError(as(alice).lab.upload({ path: `${HOME}/nowhere/x.onnx`, base64: "AAAA" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.zh).toContain("目录不存在");
    const after = await as(alice).lab.state();
    expect(after.files).toEqual(before.files);
    expect(after.history).toEqual(before.history);
    // a too-long command line
    const long = await bilingualError(as(alice).lab.run({ line: "echo " + "x".repeat(5000) }));
    expect(long.code).toBe("BAD_REQUEST");
    expect(long.zh).toContain("命令太长");
    expect(long.en).toContain("too long");
  });

  it("exports the course model into the home directory in the board's formats", async () => {
    const r = await as(alice).lab.exportModel({ source: "course", format: "ONNX", opset: 11, name: "cnnctc_course" });
    expect(r.path).toBe(`${HOME}/cnnctc_course.onnx`);
    expect(r.size).toBeGreaterThan(100_000);
    expect(r.message.zh).toContain("已导出");
    const conv = await as(alice).lab.run({ line: "cd ~ && atc --model=cnnctc_course.onnx --framework=5 --output=from_onnx --soc_version=Ascend310B4" });
    expect(conv.output).toContain("ATC run success");
    // a model.json that is not the course architecture is refused (it could ask for any amount of memory)
    await as(alice).lab.run({ line: `echo '{"modelTopology":{"class_name":"Model","config":{"layers":[]}},"weightsManifest":[]}' > model.json` });
    const e = await bilingualError(as(alice).lab.exportModel({ source: { modelJson: "model.json" }, format: "ONNX" }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.zh).toContain("结构");
  }, 120_000);

  it("runs two tabs' commands one after the other, losing neither", async () => {
    const lines = Array.from({ length: 6 }, (_, i) => `echo line${i} >> ~/tabs.txt`);
    const results = await Promise.all(lines.map((line, i) => (i % 2 ? as(alice) : callerAs(db, alice)).lab.run({ line })));
    expect(results.every((r) => r.exitCode === 0)).toBe(true);
    const cat = await as(alice).lab.run({ line: "cat ~/tabs.txt" });
    expect(cat.output.trim().split("\n").sort()).toEqual(lines.map((_, i) => `line${i}`));
  });

  it("retries a command on the newer board when another process wrote in between (optimistic concurrency)", async () => {
    let calls = 0;
    const { result } = await mutateBoard(db, alice.id, async (s) => {
      calls++;
      if (calls === 1) {
        // another server process saves a change of its own after we read the board
        await db.prisma.labSession.update({ where: { userId: alice.id }, data: { cwd: "/tmp", updatedAt: new Date(Date.now() + 5) } });
      }
      const r = await runCommand(s, "pwd");
      return { state: r.state, result: r.output };
    });
    expect(calls).toBe(2);
    expect(result).toBe("/tmp\n"); // ran again, on the other process's state
    const s = await as(alice).lab.state();
    expect(s.history.at(-1)?.cmd).toBe("pwd");
    expect(s.cwd).toBe("/tmp");
  });

  it("resets the board to the course files, keeping the recorded task results", async () => {
    const r = await as(alice).lab.reset();
    expect(r.prompt).toBe("(base) HwHiAiUser@orangepiaipro:~$ ");
    expect(r.history).toEqual([]);
    expect(r.files.some((f) => f.path.startsWith(`${HOME}/work`))).toBe(false);
    expect(r.files.some((f) => f.path === `${CNNCTC}/cnnctc.air`)).toBe(true);
    clearBoardCache();
    const s = await as(alice).lab.state();
    expect(s.files).toEqual(r.files);
    expect(s.recall).toEqual([]);
    const convert = (await as(alice).lab.tasks()).find((t) => t.key === "convert-cnnctc")!;
    expect(convert.passed).toBe(false); // the fresh board has not converted anything
    expect(convert.best?.score).toBe(1); // but the grade earned before is kept
  });
});

describe("the command worker of the server", () => {
  it("runs commands in a worker thread with the same results as in-process, keeping unchanged files as they are", async () => {
    const { runOnBoard } = await import("../../server/lab-store/runner");
    const { createBoard } = await import("../../server/lab/index");
    const board = await createBoard({ now: new Date("2026-11-23T02:00:00Z") });
    const at = new Date("2026-11-23T02:01:00Z");
    process.env.CONVLAB_LAB_WORKER = "1";
    try {
      const smi = await runOnBoard(board, "npu-smi info", at);
      expect(smi.output).toContain("310B4");
      expect(smi.state.files).toBe(board.files); // not sent back: the same object, not rewritten in the database
      const cd = await runOnBoard(smi.state, "cd samples/notebooks/01-CNNCTC && atc --model=cnnctc.air --output=w --framework=1 --soc_version=Ascend310B4", at);
      expect(cd.output).toContain("ATC run success");
      expect(cd.state.files).not.toBe(board.files);
      expect(cd.state.files["/home/HwHiAiUser/samples/notebooks/01-CNNCTC/w.om"]?.kind).toBe("file");
      const inProcess = await runCommand(smi.state, "cd samples/notebooks/01-CNNCTC && atc --model=cnnctc.air --output=w --framework=1 --soc_version=Ascend310B4", { now: at });
      expect(cd.state).toEqual(inProcess.state);
    } finally {
      delete process.env.CONVLAB_LAB_WORKER;
    }
  }, 120_000);
});
