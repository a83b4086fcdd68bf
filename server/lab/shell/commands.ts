// The board's commands: coreutils-like builtins with GNU wording and exit codes, plus the Ascend
// programs (npu-smi, atc, the course scripts run with python3 / source / bash).
import {
  basename, copy, dirname, ERRNO_TEXT, FsError, isDir, listDir, MAX_BOARD_BYTES, mkdir, move, readBytes, readText, remove,
  resolvePath, sha256, stat, usedBytes, writeFile, writeText, type BoardState, type FileEntry,
} from "../board";
import { runAtc } from "../atc/atc";
import { runBashSh } from "../atc/converter-lite";
import { runEvalScript, runInferScript } from "../infer";
import { exportMish } from "../assets";
import { npuSmiInfo, NPU_SMI_USAGE } from "./npu-smi";
import { fail, ok, type CmdResult, type Ctx } from "./types";

export type Command = (argv: string[], ctx: Ctx, run: (line: string, ctx: Ctx) => Promise<CmdResult>) => Promise<CmdResult>;

/** Splits "-la" style flags; "--" ends options. Returns { flags, args }. */
function getopt(argv: string[], known: string): { flags: Set<string>; args: string[]; bad?: string; long: string[] } {
  const flags = new Set<string>(), args: string[] = [], long: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") { i++; break; }
    if (a.startsWith("--") && a.length > 2) { long.push(a); continue; }
    if (a.startsWith("-") && a.length > 1) {
      for (const c of a.slice(1)) { if (!known.includes(c)) return { flags, args, bad: c, long }; flags.add(c); }
    } else args.push(a);
  }
  args.push(...argv.slice(i));
  return { flags, args, long };
}

/** `''` as a path argument names nothing (bash passes the empty string through). */
const NOWHERE = "/\u0000";
const rp = (cwd: string, p: string) => (p === "" ? NOWHERE : resolvePath(cwd, p));

const fsErr = (prog: string, e: unknown, path: string, fmt: (p: string, msg: string) => string): string => {
  if (e instanceof FsError) return `${prog}: ${fmt(path, ERRNO_TEXT[e.errno])}\n`;
  throw e;
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** ls -l time column in China Standard Time. */
function lsTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}
function modeString(e: FileEntry): string {
  const m = e.mode ?? (e.kind === "dir" ? 0o755 : 0o644);
  const bits = "rwxrwxrwx".split("").map((c, i) => (m & (1 << (8 - i)) ? c : "-")).join("");
  return (e.kind === "dir" ? "d" : "-") + bits;
}
export function human(n: number): string {
  if (n < 1024) return String(n);
  const u = ["K", "M", "G"];
  let v = n, i = -1;
  do { v /= 1024; i++; } while (v >= 1024 && i < u.length - 1);
  return (v < 10 ? Math.ceil(v * 10) / 10 : Math.ceil(v)).toString() + u[i];
}

const ls: Command = async (argv, ctx) => {
  const { flags, args, bad } = getopt(argv, "lahtr1dR");
  if (bad) return fail(ctx.state, `ls: invalid option -- '${bad}'\nTry 'ls --help' for more information.\n`, 2);
  const s = ctx.state;
  const targets = args.length ? args : ["."];
  let out = "", err = "", code = 0;
  const size = (e: FileEntry) => (e.kind === "dir" ? 4096 : e.size);
  const fmtLong = (name: string, e: FileEntry) => {
    const sz = flags.has("h") ? human(size(e)) : String(size(e));
    return `${modeString(e)} ${e.kind === "dir" ? 2 : 1} HwHiAiUser HwHiAiUser ${sz.padStart(flags.has("h") ? 4 : 8)} ${lsTime(e.mtime)} ${name}`;
  };
  const files: string[] = [], dirs: string[] = [];
  for (const t of targets) {
    const p = rp(s.cwd, t);
    const e = stat(s, p);
    if (!e) { err += `ls: cannot access '${t}': No such file or directory\n`; code = 2; continue; }
    (e.kind === "dir" && !flags.has("d") ? dirs : files).push(t);
  }
  const sortNames = (dir: string, names: string[]) => {
    let r = [...names].sort((a, b) => a.localeCompare(b, "en"));
    if (flags.has("t")) r.sort((a, b) => (stat(s, rp(dir, b))!.mtime.localeCompare(stat(s, rp(dir, a))!.mtime)));
    if (flags.has("r")) r = r.reverse();
    return r;
  };
  if (files.length) {
    const names = sortNames(s.cwd, files);
    out += flags.has("l") ? names.map((n) => fmtLong(n, stat(s, rp(s.cwd, n))!)).join("\n") + "\n" : names.join("  ") + "\n";
  }
  dirs.forEach((t, i) => {
    const p = rp(s.cwd, t);
    let names = listDir(s, p).filter((n) => flags.has("a") || !n.startsWith("."));
    names = sortNames(p, names);
    if (targets.length > 1) out += `${files.length || i ? "\n" : ""}${t}:\n`;
    const entries = names.map((n) => [n, stat(s, `${p === "/" ? "" : p}/${n}`)!] as const);
    if (flags.has("a")) entries.unshift([".", stat(s, p)!], ["..", stat(s, dirname(p))!]);
    if (flags.has("l")) {
      const blocks = entries.reduce((a, [, e]) => a + Math.ceil(size(e) / 4096) * 4, 0);
      out += `total ${blocks}\n` + entries.map(([n, e]) => fmtLong(n, e)).join("\n") + (entries.length ? "\n" : "");
    } else if (entries.length) out += entries.map(([n]) => n).join(flags.has("1") ? "\n" : "  ") + "\n";
  });
  return { out, err, code, state: s };
};

const cd: Command = async (argv, ctx) => {
  const args = argv.filter((a) => a !== "--");
  if (args.length > 1) return fail(ctx.state, "bash: cd: too many arguments\n");
  if (args[0] === "") return ok(ctx.state); // bash: cd '' stays put
  const target = args[0] === "-" ? ctx.env.OLDPWD ?? ctx.state.cwd : args[0] ?? ctx.env.HOME;
  const p = rp(ctx.state.cwd, target);
  const e = stat(ctx.state, p);
  if (!e) return fail(ctx.state, `bash: cd: ${args[0]}: No such file or directory\n`);
  if (e.kind !== "dir") return fail(ctx.state, `bash: cd: ${args[0]}: Not a directory\n`);
  return { out: args[0] === "-" ? p + "\n" : "", code: 0, state: { ...ctx.state, cwd: p }, cwd: p };
};

const pwd: Command = async (_argv, ctx) => ok(ctx.state, ctx.state.cwd + "\n");

function isBinary(b: Uint8Array): boolean {
  const n = Math.min(b.length, 4096);
  for (let i = 0; i < n; i++) if (b[i] === 0) return true;
  return false;
}

/** Binary files print as the terminal would show them: replacement characters, capped. */
function showBytes(b: Uint8Array): string {
  if (!isBinary(b)) return new TextDecoder().decode(b);
  const shown = new TextDecoder("utf-8", { fatal: false }).decode(b.subarray(0, 2048)).replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "\ufffd");
  return shown + (b.length > 2048 ? `\n[binary file: ${b.length} bytes, first 2048 shown]\n` : "");
}

const cat: Command = async (argv, ctx) => {
  const { args, flags, bad } = getopt(argv, "n");
  if (bad) return fail(ctx.state, `cat: invalid option -- '${bad}'\nTry 'cat --help' for more information.\n`);
  if (!args.length) return ok(ctx.state, ctx.stdin);
  let out = "", err = "", code = 0;
  for (const a of args) {
    try {
      let t = showBytes(await readBytes(ctx.state, rp(ctx.state.cwd, a)));
      if (flags.has("n")) t = t.split("\n").map((l, i, arr) => (i === arr.length - 1 && l === "" ? "" : `${String(i + 1).padStart(6)}\t${l}`)).join("\n");
      out += t;
    } catch (e) { err += fsErr("cat", e, a, (p, m) => `${p}: ${m}`); code = 1; }
  }
  return { out, err, code, state: ctx.state };
};

const headTail = (which: "head" | "tail"): Command => async (argv, ctx) => {
  let n = 10;
  let bytes: number | null = null;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-c") { bytes = Number(argv[++i]); continue; }
    if (a === "-n") { n = Number(argv[++i]); continue; }
    if (/^-n\d+$/.test(a)) { n = Number(a.slice(2)); continue; }
    if (/^-\d+$/.test(a)) { n = Number(a.slice(1)); continue; }
    rest.push(a);
  }
  if (!Number.isFinite(n)) return fail(ctx.state, `${which}: invalid number of lines\n`);
  if (bytes !== null && !Number.isFinite(bytes)) return fail(ctx.state, `${which}: invalid number of bytes\n`);
  const pick = (t: string) => { if (bytes !== null) return which === "head" ? t.slice(0, bytes) : t.slice(Math.max(0, t.length - bytes)); const ls = t.split("\n"); if (ls.at(-1) === "") ls.pop(); const r = which === "head" ? ls.slice(0, n) : ls.slice(Math.max(0, ls.length - n)); return r.length ? r.join("\n") + "\n" : ""; };
  if (!rest.length) return ok(ctx.state, pick(ctx.stdin));
  let out = "", err = "", code = 0;
  for (const a of rest) {
    try {
      if (rest.length > 1) out += `${out ? "\n" : ""}==> ${a} <==\n`;
      out += pick(showBytes(await readBytes(ctx.state, rp(ctx.state.cwd, a))));
    } catch (e) { err += fsErr(which, e, a, (p, m) => `cannot open '${p}' for reading: ${m}`); code = 1; }
  }
  return { out, err, code, state: ctx.state };
};

const grep: Command = async (argv, ctx) => {
  const { flags, args, bad } = getopt(argv, "invcEFw");
  if (bad) return fail(ctx.state, `grep: invalid option -- '${bad}'\n`, 2);
  if (!args.length) return fail(ctx.state, "Usage: grep [OPTION]... PATTERNS [FILE]...\n", 2);
  let re: RegExp;
  let pat = flags.has("F") ? args[0].replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : flags.has("E") ? args[0] : args[0].replace(/\\\|/g, "|");
  if (flags.has("w")) pat = `\\b(?:${pat})\\b`;
  try { re = new RegExp(pat, flags.has("i") ? "i" : ""); } catch { return fail(ctx.state, "grep: Invalid regular expression\n", 2); }
  const texts: [string, string][] = [];
  let err = "";
  if (args.length === 1) texts.push(["", ctx.stdin]);
  for (const f of args.slice(1)) {
    try { texts.push([f, showBytes(await readBytes(ctx.state, rp(ctx.state.cwd, f)))]); } catch (e) { err += fsErr("grep", e, f, (p, m) => `${p}: ${m}`); }
  }
  let out = "", hits = 0;
  for (const [name, t] of texts) {
    const lines = t.split("\n");
    if (lines.at(-1) === "") lines.pop();
    let c = 0;
    lines.forEach((l, i) => {
      if (re.test(l) !== flags.has("v")) { c++; if (!flags.has("c")) out += `${texts.length > 1 ? name + ":" : ""}${flags.has("n") ? i + 1 + ":" : ""}${l}\n`; }
    });
    if (flags.has("c")) out += `${texts.length > 1 ? name + ":" : ""}${c}\n`;
    hits += c;
  }
  return { out, err, code: err ? 2 : hits ? 0 : 1, state: ctx.state };
};

const wc: Command = async (argv, ctx) => {
  const { flags, args } = getopt(argv, "lwc");
  const count = (t: string) => {
    const parts = [t.split("\n").length - 1, t.split(/\s+/).filter(Boolean).length, new TextEncoder().encode(t).length];
    const sel = flags.size ? [flags.has("l"), flags.has("w"), flags.has("c")] : [true, true, true];
    return parts.filter((_, i) => sel[i]);
  };
  if (!args.length) return ok(ctx.state, count(ctx.stdin).join(" ") + "\n");
  let out = "", err = "";
  for (const a of args) {
    try { out += [...count(new TextDecoder().decode(await readBytes(ctx.state, rp(ctx.state.cwd, a)))), a].join(" ") + "\n"; } catch (e) { err += fsErr("wc", e, a, (p, m) => `${p}: ${m}`); }
  }
  return { out, err, code: err ? 1 : 0, state: ctx.state };
};

const rm: Command = async (argv, ctx) => {
  const { flags, args, bad } = getopt(argv, "rfRvi");
  if (bad) return fail(ctx.state, `rm: invalid option -- '${bad}'\nTry 'rm --help' for more information.\n`);
  if (!args.length) return flags.has("f") ? ok(ctx.state) : fail(ctx.state, "rm: missing operand\nTry 'rm --help' for more information.\n");
  let s = ctx.state, err = "", code = 0;
  const recursive = flags.has("r") || flags.has("R");
  for (const a of args) {
    const p = rp(s.cwd, a);
    if (p === "/" && recursive) { err += "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n"; code = 1; continue; }
    try { s = remove(s, p, recursive); } catch (e) {
      if (e instanceof FsError && e.errno === "ENOENT" && flags.has("f")) continue;
      if (e instanceof FsError && e.errno === "EACCES") { err += `rm: cannot remove '${a}': Permission denied\n`; code = 1; continue; }
      err += fsErr("rm", e, a, (p2, m) => `cannot remove '${p2}': ${m}`); code = 1;
    }
  }
  return { out: "", err, code, state: s };
};

const mkdirCmd: Command = async (argv, ctx) => {
  const { flags, args, bad } = getopt(argv, "pv");
  if (bad) return fail(ctx.state, `mkdir: invalid option -- '${bad}'\nTry 'mkdir --help' for more information.\n`);
  if (!args.length) return fail(ctx.state, "mkdir: missing operand\nTry 'mkdir --help' for more information.\n");
  let s = ctx.state, err = "", code = 0;
  for (const a of args) {
    if (a === "") { err += "mkdir: cannot create directory ‘’: No such file or directory\n"; code = 1; continue; }
    try { s = mkdir(s, rp(s.cwd, a), ctx.now, flags.has("p")); } catch (e) { err += fsErr("mkdir", e, a, (p, m) => `cannot create directory ‘${p}’: ${m}`); code = 1; }
  }
  return { out: "", err, code, state: s };
};

const touch: Command = async (argv, ctx) => {
  let s = ctx.state, err = "", code = 0;
  for (const a of argv.filter((x) => !x.startsWith("-"))) {
    const p = rp(s.cwd, a);
    try {
      const e = stat(s, p);
      s = e ? { ...s, files: { ...s.files, [p]: { ...e, mtime: ctx.now.toISOString() } } } : writeFile(s, p, new Uint8Array(), ctx.now);
    } catch (e) { err += fsErr("touch", e, a, (p2, m) => `cannot touch '${p2}': ${m}`); code = 1; }
  }
  return { out: "", err, code, state: s };
};

const cpmv = (which: "cp" | "mv"): Command => async (argv, ctx) => {
  const { flags, args, bad } = getopt(argv, which === "cp" ? "rRfvai" : "fvni");
  if (bad) return fail(ctx.state, `${which}: invalid option -- '${bad}'\nTry '${which} --help' for more information.\n`);
  if (args.length < 2) return fail(ctx.state, `${which}: ${args.length ? `missing destination file operand after '${args[0]}'` : "missing file operand"}\nTry '${which} --help' for more information.\n`);
  let s = ctx.state, err = "", code = 0;
  const dest = args[args.length - 1];
  const dp = rp(s.cwd, dest);
  const destIsDir = isDir(s, dp);
  if (args.length > 2 && !destIsDir) return fail(s, `${which}: target '${dest}' is not a directory\n`);
  for (const src of args.slice(0, -1)) {
    const sp = rp(s.cwd, src);
    const e = stat(s, sp);
    if (!e) { err += `${which}: cannot stat '${src}': No such file or directory\n`; code = 1; continue; }
    const to = destIsDir ? `${dp === "/" ? "" : dp}/${basename(sp)}` : dp;
    if (which === "cp" && e.kind === "dir" && !(flags.has("r") || flags.has("R") || flags.has("a"))) { err += `cp: -r not specified; omitting directory '${src}'\n`; code = 1; continue; }
    if (to === sp) { err += `${which}: '${src}' and '${dest}' are the same file\n`; code = 1; continue; }
    try { s = which === "cp" ? copy(s, sp, to, ctx.now, true) : move(s, sp, to); } catch (ex) {
      if (ex instanceof FsError && ex.errno === "EINVAL") { err += `${which}: cannot ${which === "cp" ? "copy" : "move"} '${src}' to a subdirectory of itself, '${dest}'\n`; code = 1; continue; }
      if (ex instanceof FsError && ex.errno === "ENOSPC") { err += `${which}: error writing '${dest}': No space left on device\n`; code = 1; continue; }
      if (ex instanceof FsError && ex.errno === "EACCES") { err += which === "cp" ? `cp: cannot create regular file '${dest}': Permission denied\n` : `mv: cannot move '${src}' to '${dest}': Permission denied\n`; code = 1; continue; }
      err += fsErr(which, ex, dest, (p, m) => `cannot create regular file '${p}': ${m}`); code = 1;
    }
  }
  return { out: "", err, code, state: s };
};

const echo: Command = async (argv, ctx) => {
  let args = argv, newline = true, escapes = false;
  while (args.length && /^-[neE]+$/.test(args[0])) {
    for (const c of args[0].slice(1)) { if (c === "n") newline = false; if (c === "e") escapes = true; if (c === "E") escapes = false; }
    args = args.slice(1);
  }
  let t = args.join(" ");
  if (escapes) t = t.replace(/\\(n|t|\\|r)/g, (_, c) => ({ n: "\n", t: "\t", "\\": "\\", r: "\r" })[c as "n"]);
  return ok(ctx.state, t + (newline ? "\n" : ""));
};

const df: Command = async (_argv, ctx) => {
  const used = usedBytes(ctx.state);
  const k = (n: number) => Math.ceil(n / 1024);
  const pct = Math.ceil((used / MAX_BOARD_BYTES) * 100);
  return ok(ctx.state, `Filesystem      Size  Used Avail Use% Mounted on\nconvlab-board    ${human(MAX_BOARD_BYTES).padStart(4)} ${human(used).padStart(5)} ${human(MAX_BOARD_BYTES - used).padStart(5)} ${String(pct).padStart(3)}% /home/HwHiAiUser\n` + `(1K-blocks: ${k(MAX_BOARD_BYTES)} total, ${k(used)} used; the virtual board keeps at most 20 MB of files)\n`);
};

const du: Command = async (argv, ctx) => {
  const { args, flags } = getopt(argv, "shc");
  const targets = args.length ? args : ["."];
  let out = "", err = "";
  for (const t of targets) {
    const p = rp(ctx.state.cwd, t);
    if (!stat(ctx.state, p)) { err += `du: cannot access '${t}': No such file or directory\n`; continue; }
    const total = Object.entries(ctx.state.files).filter(([q, e]) => (q === p || q.startsWith(p + "/")) && e.kind === "file").reduce((a, [, e]) => a + e.size, 0);
    out += `${flags.has("h") ? human(total) : Math.ceil(total / 1024)}\t${t}\n`;
  }
  return { out, err, code: err ? 1 : 0, state: ctx.state };
};

const HELP = `ConvLab virtual Orange Pi AI Pro (Ascend 310B4, 8-12 TOPS), user HwHiAiUser.
Files:    ls [-l -a -h]  cd  pwd  cat  head  tail  grep  wc  rm [-r -f]  mkdir [-p]  cp [-r]  mv  touch  echo  df -h  du -sh
Shell:    a ; b    a && b    a || b    a | grep x    > file    >> file    VAR=value    history    clear
NPU:      npu-smi info
Convert:  atc --model=... --framework=1|5 --output=... --soc_version=... [--input_shape=... --precision_mode=... --output_type=... --insert_op_conf=...]
          source bash.sh <absolute path of .mindir> <om name>     (course script, MindSpore Lite converter_lite)
Run:      python3 infer_cnnctc.py [model.om] [image]     python3 eval_cnnctc.py [model.om] [folder]
Course files: ~/samples/notebooks/01-CNNCTC, 02-UnsupportedOp, 03-Challenge (each has a README.md)
`;

async function runScriptFile(path: string, args: string[], ctx: Ctx, run: (line: string, ctx: Ctx) => Promise<CmdResult>, how: "source" | "bash"): Promise<CmdResult> {
  const src = await readText(ctx.state, path);
  const marker = /^#\s*convlab:\s*([a-z0-9-]+)/m.exec(src.split("\n").slice(0, 3).join("\n"))?.[1];
  if (marker === "bash-sh") return runBashSh(path, args, ctx);
  if (marker === "env-sh") return ok(ctx.state);
  if (ctx.depth >= 8) return fail(ctx.state, `bash: ${path}: maximum nesting level exceeded\n`);
  // a student's own script: run it line by line in this shell ($1..$9 set)
  let state = ctx.state, out = "", err = "", code = 0;
  const env: Record<string, string> = { ...ctx.env, "0": path };
  args.slice(0, 9).forEach((a, i) => { env[String(i + 1)] = a; });
  env["#"] = String(args.length);
  for (const line of src.split("\n")) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    const r = await run(line, { ...ctx, state, env, depth: ctx.depth + 1 });
    state = r.state; out += r.out; err += r.err ?? ""; code = r.code;
    if (r.clear) out = "";
  }
  if (how === "bash") state = { ...state, cwd: ctx.state.cwd };
  return { out, err, code, state, cwd: state.cwd };
}

const sourceCmd = (how: "source" | "bash"): Command => async (argv, ctx, run) => {
  const name = how === "source" ? "source" : "bash";
  if (how === "bash" && argv[0] === "-c") {
    if (argv.length < 2) return fail(ctx.state, "bash: -c: option requires an argument\n", 2);
    if (ctx.depth >= 8) return fail(ctx.state, "bash: maximum nesting level exceeded\n");
    const r = await run(argv[1], { ...ctx, depth: ctx.depth + 1 });
    return { ...r, state: { ...r.state, cwd: ctx.state.cwd }, cwd: ctx.state.cwd };
  }
  const args = how === "bash" ? argv.filter((a, i) => !(i === 0 && a.startsWith("-"))) : argv;
  if (!args.length) return how === "source" ? fail(ctx.state, "bash: source: filename argument required\nsource: usage: source filename [arguments]\n", 2) : fail(ctx.state, "bash: an interactive shell is already running; give a script: bash script.sh\n", 1);
  const p = rp(ctx.state.cwd, args[0]);
  const e = stat(ctx.state, p);
  if (!e) return fail(ctx.state, how === "source" ? `bash: ${args[0]}: No such file or directory\n` : `${name}: ${args[0]}: No such file or directory\n`, how === "source" ? 1 : 127);
  if (e.kind === "dir") return fail(ctx.state, `bash: ${args[0]}: is a directory\n`, 1);
  return runScriptFile(p, args.slice(1), ctx, run, how);
};

const python: Command = async (argv, ctx) => {
  const args = argv.filter((a) => a !== "-u");
  if (!args.length) return fail(ctx.state, "Python 3.9.2 (the virtual board runs the course scripts only; an interactive Python is not available)\n", 1);
  if (args[0] === "--version" || args[0] === "-V") return ok(ctx.state, "Python 3.9.2\n");
  if (args[0] === "-c" || args[0] === "-m") return fail(ctx.state, "python3: the virtual board runs the course scripts only (python3 <script.py> ...)\n", 1);
  const p = rp(ctx.state.cwd, args[0]);
  const e = stat(ctx.state, p);
  if (!e) return fail(ctx.state, `python3: can't open file '${p === NOWHERE ? ctx.state.cwd + "/" : p}': [Errno 2] No such file or directory\n`, 2);
  if (e.kind === "dir") return fail(ctx.state, `/usr/bin/python3: can't find '__main__' module in '${p}'\n`, 1);
  const src = await readText(ctx.state, p);
  const marker = /^#\s*convlab:\s*([a-z0-9-]+)/m.exec(src.split("\n").slice(0, 3).join("\n"))?.[1];
  switch (marker) {
    case "infer-cnnctc": return runInferScript(p, args.slice(1), ctx);
    case "eval-cnnctc": return runEvalScript(p, args.slice(1), ctx);
    case "export-mish-onnx": return runExportMish(p, args.slice(1), ctx);
    default:
      return fail(ctx.state, `python3: ${basename(p)}: the virtual board runs the course scripts only (infer_cnnctc.py, eval_cnnctc.py, export_onnx.py)\n`, 1);
  }
};

async function runExportMish(path: string, args: string[], ctx: Ctx): Promise<CmdResult> {
  let opset = 18, output = "cnnctc_mish.onnx";
  const usage = "usage: export_onnx.py [-h] [--opset OPSET] [--output OUTPUT]\n";
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [k, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    if (k === "-h" || k === "--help") return ok(ctx.state, usage + "\noptional arguments:\n  -h, --help       show this help message and exit\n  --opset OPSET    ONNX opset version (default 18)\n  --output OUTPUT  output file (default cnnctc_mish.onnx)\n");
    const v = inline ?? args[++i];
    if (k === "--opset") {
      if (v === undefined) return fail(ctx.state, usage + "export_onnx.py: error: argument --opset: expected one argument\n", 2);
      if (!/^-?\d+$/.test(v)) return fail(ctx.state, usage + `export_onnx.py: error: argument --opset: invalid int value: '${v}'\n`, 2);
      opset = Number(v);
    } else if (k === "--output") {
      if (v === undefined) return fail(ctx.state, usage + "export_onnx.py: error: argument --output: expected one argument\n", 2);
      output = v;
    } else return fail(ctx.state, usage + `export_onnx.py: error: unrecognized arguments: ${a}\n`, 2);
  }
  if (opset < 11 || opset > 23) {
    return fail(ctx.state, `Traceback (most recent call last):\n  File "${path}", line 15, in <module>\n    export_onnx(net, input_shape=(1, 3, 32, 100), file_name=args.output, opset_version=args.opset)\nValueError: Unsupported ONNX opset version: ${opset} (supported: 11 to 23)\n`, 1);
  }
  const bytes = await exportMish(opset);
  const out = rp(ctx.state.cwd, output);
  try {
    const state = writeFile(ctx.state, out, bytes, ctx.now);
    return { out: `exported ${output} (opset ${opset})\n`, code: 0, state, events: [{ kind: "export", path: out, sha256: sha256(bytes), format: "ONNX", opset, lineage: "cnnctc-mish" }] };
  } catch (e) {
    if (e instanceof FsError) return fail(ctx.state, `Traceback (most recent call last):\n  File "${path}", line 15, in <module>\nOSError: [Errno 28] ${ERRNO_TEXT[e.errno]}: '${output}'\n`, 1);
    throw e;
  }
}

const npuSmi: Command = async (argv, ctx) => {
  if (argv[0] !== "info") return fail(ctx.state, NPU_SMI_USAGE, argv.length ? 1 : 0);
  if (argv.length > 1) return fail(ctx.state, `Invalid parameter: ${argv.slice(1).join(" ")}\n${NPU_SMI_USAGE}`, 1);
  const last = [...ctx.state.history].reverse().find((h) => h.events?.some((e) => e.kind === "infer" || e.kind === "eval"));
  const since = last ? (ctx.now.getTime() - new Date(last.at).getTime()) / 1000 : undefined;
  return ok(ctx.state, npuSmiInfo({ variant: ctx.state.variant, seq: ctx.seq, sinceInferS: since }));
};

const offline = (prog: string): Command => async (argv, ctx) => {
  const url = argv.find((a) => /^https?:\/\//.test(a)) ?? argv.find((a) => !a.startsWith("-")) ?? "";
  const host = /^https?:\/\/([^/]+)/.exec(url)?.[1] ?? url;
  switch (prog) {
    case "wget": return fail(ctx.state, url ? `--${new Date(ctx.now.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ")}--  ${url}\nResolving ${host} (${host})... failed: Temporary failure in name resolution.\nwget: unable to resolve host address ‘${host}’\n` : "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n", url ? 4 : 1);
    case "curl": return fail(ctx.state, `curl: (6) Could not resolve host: ${host}\n`, 6);
    case "pip": case "pip3": return fail(ctx.state, "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError': Failed to establish a new connection: [Errno -3] Temporary failure in name resolution\nERROR: the virtual board has no network access; the course packages are already installed.\n", 1);
    default: return fail(ctx.state, `${prog}: the virtual board has no network access\n`, 1);
  }
};

export const COMMANDS: Record<string, Command> = {
  ls, cd, pwd, cat, head: headTail("head"), tail: headTail("tail"), grep, wc, rm, mkdir: mkdirCmd, touch, cp: cpmv("cp"), mv: cpmv("mv"), echo, df, du,
  clear: async (_a, ctx) => ({ out: "", code: 0, state: ctx.state, clear: true }),
  help: async (_a, ctx) => ok(ctx.state, HELP),
  whoami: async (_a, ctx) => ok(ctx.state, "HwHiAiUser\n"),
  hostname: async (_a, ctx) => ok(ctx.state, "orangepiaipro\n"),
  uname: async (a, ctx) => ok(ctx.state, a.includes("-a") ? "Linux orangepiaipro 5.10.0+ #1 SMP PREEMPT aarch64 aarch64 aarch64 GNU/Linux\n" : a.includes("-m") ? "aarch64\n" : "Linux\n"),
  date: async (_a, ctx) => {
    const d = new Date(ctx.now.getTime() + 8 * 3600_000);
    const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    return ok(ctx.state, `${days[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${d.toISOString().slice(11, 19)} CST ${d.getUTCFullYear()}\n`);
  },
  true: async (_a, ctx) => ok(ctx.state),
  false: async (_a, ctx) => ({ out: "", code: 1, state: ctx.state }),
  history: async (_a, ctx) => {
    const rows = ctx.state.history.filter((h) => !h.cmd.startsWith("# upload")).map((h) => `${String(h.n).padStart(5)}  ${h.cmd}`);
    if (ctx.line) rows.push(`${String((ctx.state.history.at(-1)?.n ?? 0) + 1).padStart(5)}  ${ctx.line}`);
    return ok(ctx.state, rows.join("\n") + (rows.length ? "\n" : ""));
  },
  "npu-smi": npuSmi,
  atc: async (argv, ctx) => runAtc(argv, ctx),
  source: sourceCmd("source"), ".": sourceCmd("source"), bash: sourceCmd("bash"), sh: sourceCmd("bash"),
  python, python3: python,
  wget: offline("wget"), curl: offline("curl"), pip: offline("pip"), pip3: offline("pip3"), git: offline("git"), "apt-get": offline("apt-get"), apt: offline("apt"),
  jupyter: async (_a, ctx) => fail(ctx.state, "jupyter: JupyterLab is not available on the virtual board; the notebook's code is in infer_cnnctc.py (python3 infer_cnnctc.py)\n", 1),
  sudo: async (argv, ctx, run) => (argv.length ? run(argv.map((a) => (/[\s'"\\$]/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a)).join(" "), ctx) : fail(ctx.state, "usage: sudo command\n", 1)),
  export: async (argv, ctx) => ok(ctx.state), // variables are handled by the runner
};
