// Virtual Orange Pi lab: the shell (parser, builtins, exit codes), npu-smi, board state purity and
// isolation, uploads and the 20 MB limit, LabSession serialisation.
import { describe, expect, it, beforeAll } from "vitest";
import { createBoard, runCommand, uploadFile, toSessionColumns, fromSessionColumns, prompt, downloadFile, MAX_BOARD_BYTES, type BoardState } from "@/server/lab/index";
import { parseLine, ShellSyntaxError } from "@/server/lab/shell/parse";
import { usedBytes } from "@/server/lab/board";

const NOW = new Date("2026-11-23T02:00:00Z");
let fresh: BoardState;

beforeAll(async () => {
  fresh = await createBoard({ now: NOW });
}, 60_000);

/** Runs lines in order, returns the last result and the final state. */
async function run(state: BoardState, ...lines: string[]) {
  let s = state;
  let last = { output: "", exitCode: 0 };
  for (const l of lines) {
    const r = await runCommand(s, l, { now: NOW });
    s = r.state;
    last = r;
  }
  return { ...last, state: s };
}

describe("parser", () => {
  const env = { HOME: "/home/HwHiAiUser", X: "ex" };
  const words = (line: string) => parseLine(line, env).items.map((i) => i.pipeline.commands.map((c) => c.argv.map((w) => w.value)));
  it("quotes, escapes, variables, ~", () => {
    expect(words(`echo 'a b' "c $X" d\\ e ~ ~/f "~"`)).toEqual([[["echo", "a b", "c ex", "d e", "/home/HwHiAiUser", "/home/HwHiAiUser/f", "~"]]]);
    expect(words(`atc --output="cnnctc" --input_shape="image:1,3,32,100"`)).toEqual([[["atc", "--output=cnnctc", "--input_shape=image:1,3,32,100"]]]);
  });
  it("lists, pipes, redirects and comments", () => {
    const l = parseLine("a && b || c ; d | e > f # comment", env);
    expect(l.items.map((i) => i.next)).toEqual(["&&", "||", ";", null]);
    expect(l.items[3].pipeline.commands.length).toBe(2);
    expect(l.items[3].pipeline.commands[1].redirects[0]).toMatchObject({ op: ">", target: { value: "f" } });
  });
  it("syntax errors use bash's wording", () => {
    expect(() => parseLine("&& ls", env)).toThrow("bash: syntax error near unexpected token `&&'");
    expect(() => parseLine("ls &&", env)).toThrow("bash: syntax error near unexpected token `newline'");
    expect(() => parseLine("echo 'open", env)).toThrow(ShellSyntaxError);
  });
});

describe("commands", () => {
  it("starts in the home directory with the course files", async () => {
    expect(fresh.cwd).toBe("/home/HwHiAiUser");
    expect(prompt(fresh)).toBe("(base) HwHiAiUser@orangepiaipro:~$ ");
    const r = await run(fresh, "ls samples/notebooks/01-CNNCTC");
    expect(r.output).toContain("bash.sh");
    expect(r.output).toContain("cnnctc.air");
    expect(r.output).toContain("predict.png");
    expect(r.output).toContain("infer_cnnctc.py");
    expect(r.exitCode).toBe(0);
  });
  it("unknown commands: 'bash: foo: command not found', exit 127", async () => {
    const r = await run(fresh, "foo --bar");
    expect(r.output).toBe("bash: foo: command not found\n");
    expect(r.exitCode).toBe(127);
    expect((await run(fresh, "converter_lite")).exitCode).toBe(127);
  });
  it("ls -l / -a, pwd, cd and their errors", async () => {
    let r = await run(fresh, "cd samples/notebooks", "pwd");
    expect(r.output).toBe("/home/HwHiAiUser/samples/notebooks\n");
    expect(prompt(r.state)).toBe("(base) HwHiAiUser@orangepiaipro:~/samples/notebooks$ ");
    r = await run(r.state, "ls -l 01-CNNCTC");
    expect(r.output).toMatch(/^total \d+\n/);
    expect(r.output).toMatch(/-rwxr-xr-x 1 HwHiAiUser HwHiAiUser +\d+ Nov 23 10:00 bash.sh/);
    expect(r.output).toMatch(/drwxr-xr-x 2 HwHiAiUser HwHiAiUser +4096 Nov 23 10:00 test_words/);
    r = await run(fresh, "ls -a");
    expect(r.output.startsWith(".  ..  ")).toBe(true);
    r = await run(fresh, "ls nothing");
    expect(r.output).toBe("ls: cannot access 'nothing': No such file or directory\n");
    expect(r.exitCode).toBe(2);
    r = await run(fresh, "ls -z");
    expect(r.exitCode).toBe(2);
    r = await run(fresh, "cd nothing");
    expect(r.output).toBe("bash: cd: nothing: No such file or directory\n");
    expect(r.exitCode).toBe(1);
    expect(r.state.cwd).toBe("/home/HwHiAiUser");
    r = await run(fresh, "cd samples/notebooks/01-CNNCTC/README.md");
    expect(r.output).toBe("bash: cd: samples/notebooks/01-CNNCTC/README.md: Not a directory\n");
    r = await run(fresh, "cd /tmp", "cd", "pwd");
    expect(r.output).toBe("/home/HwHiAiUser\n");
  });
  it("mkdir, echo > / >>, cat, cp, mv, rm with GNU messages and exit codes", async () => {
    let r = await run(fresh, "mkdir work", "cd work", "echo hello > a.txt", "echo world >> a.txt", "cat a.txt");
    expect(r.output).toBe("hello\nworld\n");
    r = await run(r.state, "mkdir /home/HwHiAiUser/work");
    expect(r.output).toBe("mkdir: cannot create directory ‘/home/HwHiAiUser/work’: File exists\n");
    expect(r.exitCode).toBe(1);
    r = await run(r.state, "mkdir -p x/y/z && ls x/y");
    expect(r.output).toBe("z\n");
    r = await run(r.state, "cat missing.txt");
    expect(r.output).toBe("cat: missing.txt: No such file or directory\n");
    expect(r.exitCode).toBe(1);
    r = await run(r.state, "cp a.txt b.txt", "mv b.txt x/", "ls x");
    expect(r.output).toBe("b.txt  y\n");
    r = await run(r.state, "cp x copy");
    expect(r.output).toBe("cp: -r not specified; omitting directory 'x'\n");
    r = await run(r.state, "cp -r x copy", "ls copy/y");
    expect(r.output).toBe("z\n");
    r = await run(r.state, "rm x");
    expect(r.output).toBe("rm: cannot remove 'x': Is a directory\n");
    expect(r.exitCode).toBe(1);
    r = await run(r.state, "rm nothing");
    expect(r.output).toBe("rm: cannot remove 'nothing': No such file or directory\n");
    r = await run(r.state, "rm -f nothing");
    expect(r.exitCode).toBe(0);
    r = await run(r.state, "rm -rf x copy", "ls");
    expect(r.output).toBe("a.txt\n");
    r = await run(r.state, "mv nothing y");
    expect(r.output).toBe("mv: cannot stat 'nothing': No such file or directory\n");
  });
  it("&&, ||, ;, $?, pipes and globs", async () => {
    let r = await run(fresh, "false && echo no || echo yes; echo $?");
    expect(r.output).toBe("yes\n0\n");
    r = await run(fresh, "ls nope; echo $?");
    expect(r.output).toBe("ls: cannot access 'nope': No such file or directory\n2\n");
    r = await run(fresh, "cd samples/notebooks/01-CNNCTC && ls *.py *.sh");
    expect(r.output).toBe("bash.sh  env.sh  infer_cnnctc.py\n");
    r = await run(r.state, "ls test_words | wc -l");
    expect(r.output).toBe("1\n");
    r = await run(r.state, "ls -1 test_words | head -n 2");
    expect(r.output).toMatch(/^001_parking\.png\n002_\w+\.png\n$/);
    r = await run(r.state, "cat README.md | grep -c atc");
    expect(Number(r.output)).toBeGreaterThan(0);
    r = await run(r.state, "echo *.nomatch");
    expect(r.output).toBe("*.nomatch\n");
  });
  it("the student cannot break the board: system paths are read-only", async () => {
    let r = await run(fresh, "mv / x");
    expect(r.output).toBe("mv: cannot move '/' to 'x': Permission denied\n");
    r = await run(fresh, "rm -rf ~");
    expect(r.output).toBe("rm: cannot remove '/home/HwHiAiUser': Permission denied\n");
    expect(r.state.files).toEqual(fresh.files);
    r = await run(fresh, "rm -rf /");
    expect(r.output).toContain("rm: it is dangerous to operate recursively on '/'");
    r = await run(fresh, "echo hi > /usr/x; echo $?");
    expect(r.output).toBe("bash: /usr/x: Permission denied\n1\n");
    r = await run(fresh, "echo hi > /tmp/x && cat /tmp/x");
    expect(r.output).toBe("hi\n");
    r = await run(fresh, "echo >");
    expect(r.output).toBe("bash: syntax error near unexpected token `newline'\n");
    expect(r.exitCode).toBe(2);
  });
  it("clear, help, history, whoami", async () => {
    const r = await runCommand(fresh, "clear");
    expect(r.clear).toBe(true);
    expect((await run(fresh, "help")).output).toContain("npu-smi info");
    expect((await run(fresh, "whoami")).output).toBe("HwHiAiUser\n");
    const h = await run(fresh, "pwd", "history");
    expect(h.output).toBe("    1  pwd\n    2  history\n");
  });
  it("a student's own shell script runs line by line", async () => {
    const r = await run(fresh, "echo 'echo one $1' > s.sh", "echo 'cd /tmp' >> s.sh", "bash s.sh two; pwd", "source s.sh three; pwd");
    expect(r.output).toBe("one three\n/tmp\n");
    const b = await run(fresh, "echo 'echo one $1' > s.sh", "bash s.sh two");
    expect(b.output).toBe("one two\n");
    expect((await run(fresh, "./nothing.sh")).exitCode).toBe(127);
  });
  it("no network: wget/pip fail like offline tools", async () => {
    const r = await run(fresh, "wget https://example.com/x.tar.gz");
    expect(r.output).toContain("wget: unable to resolve host address ‘example.com’");
    expect(r.exitCode).toBe(4);
  });
});

describe("npu-smi info", () => {
  it("prints the 310B layout with the board's chip name and plausible numbers", async () => {
    const r = await run(fresh, "npu-smi info");
    const lines = r.output.trimEnd().split("\n");
    expect(lines).toHaveLength(9);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1); // a proper box
    expect(lines[1]).toContain("npu-smi 23.0.0");
    expect(lines[3]).toBe("| NPU     Name                  | Health          | Power(W)     Temp(C)           Hugepages-Usage(page) |");
    expect(lines[6]).toMatch(/^\| 0 {7}310B4 {17}\| OK {14}\| 0\.0 {10}\d\d {16}15 {4}\/ 15 {12}\|$/);
    const mem = /(\d+) \/ 15609/.exec(lines[7]);
    expect(Number(mem![1])).toBeGreaterThan(2000);
    expect(Number(mem![1])).toBeLessThan(15609);
    const b1 = await createBoard({ variant: "Ascend310B1", now: NOW });
    expect((await run(b1, "npu-smi info")).output).toContain("310B1");
    expect((await run(fresh, "npu-smi")).output).toContain("Usage: npu-smi");
  });
});

describe("board state", () => {
  it("is never mutated by commands (pure state in -> state out)", async () => {
    const before = JSON.stringify(fresh);
    await run(fresh, "mkdir a", "echo x > a/b", "rm -r samples", "cd /tmp");
    expect(JSON.stringify(fresh)).toBe(before);
  });
  it("two boards never see each other's files", async () => {
    const a = await createBoard({ now: NOW });
    const b = await createBoard({ now: NOW });
    const ra = await run(a, "echo secret > mine.txt", "rm -r samples/notebooks/02-UnsupportedOp");
    const rb = await run(b, "cat mine.txt; ls samples/notebooks");
    expect(rb.output).toContain("cat: mine.txt: No such file or directory");
    expect(rb.output).toContain("02-UnsupportedOp");
    expect((await run(ra.state, "cat mine.txt")).output).toBe("secret\n");
    expect(ra.state.files).not.toBe(rb.state.files);
  });
  it("serialises to the LabSession columns as JSON and back", async () => {
    const r = await run(fresh, "mkdir m", "echo hi > m/f", "cd m");
    const cols = toSessionColumns(r.state);
    expect(Object.keys(cols).sort()).toEqual(["boardVariant", "cwd", "files", "history"]);
    const json = JSON.parse(JSON.stringify(cols));
    const back = fromSessionColumns(json);
    expect(back).toEqual(r.state);
    expect(json.files["/home/HwHiAiUser/m/f"]).toMatchObject({ kind: "file", size: 3, data: Buffer.from("hi\n").toString("base64") });
    expect((await run(back, "cat f")).output).toBe("hi\n");
    // a fresh board is small: course files are asset references, not bytes
    expect(JSON.stringify(toSessionColumns(fresh)).length).toBeLessThan(50_000);
  });
  it("uploads go to the board; oversize uploads are rejected with a clear message", async () => {
    const ok = uploadFile(fresh, "model.onnx", new Uint8Array([1, 2, 3]), { now: NOW });
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    expect(ok.path).toBe("/home/HwHiAiUser/model.onnx");
    expect(Array.from((await downloadFile(ok.state, "model.onnx"))!)).toEqual([1, 2, 3]);
    expect(ok.state.history.at(-1)!.events![0]).toMatchObject({ kind: "upload", size: 3 });
    const big = uploadFile(fresh, "huge.onnx", new Uint8Array(MAX_BOARD_BYTES - usedBytes(fresh) + 1));
    expect(big.ok).toBe(false);
    if (big.ok) return;
    expect(big.error.code).toBe("QUOTA");
    expect(big.error.en).toMatch(/^Upload rejected: huge\.onnx is .* but the board has .* free \(each virtual board holds at most 20 MB\)/);
    expect(big.error.zh).toContain("上传被拒绝");
    expect(uploadFile(fresh, "nodir/x.onnx", new Uint8Array(1)).ok).toBe(false);
  });
  it("commands that would exceed 20 MB fail with 'No space left on device'", async () => {
    const up = uploadFile(fresh, "big.bin", new Uint8Array(MAX_BOARD_BYTES - usedBytes(fresh) - 10));
    expect(up.ok).toBe(true);
    if (!up.ok) return;
    const r = await run(up.state, "cp big.bin big2.bin");
    expect(r.output).toBe("cp: error writing 'big2.bin': No space left on device\n");
    expect(r.exitCode).toBe(1);
    const df = await run(up.state, "df -h");
    expect(df.output).toContain("20M");
  });
});
