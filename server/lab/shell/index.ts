// Runs one command line on a board: parse, expand globs, run pipelines with `;` / `&&` / `||`,
// apply redirections. Unknown commands answer like bash: "bash: foo: command not found", exit 127.
import { appendHistory, dirname, ERRNO_TEXT, FsError, listDir, readBytes, resolvePath, stat, writeFile, type BoardState, type LabEvent } from "../board";
import { HOME } from "../course-files";
import { COMMANDS } from "./commands";
import { globToRegExp, LAST_STATUS, parseLine, ShellSyntaxError, type SimpleCommand, type Word } from "./parse";
import type { CmdResult, Ctx } from "./types";

export function baseEnv(state: BoardState): Record<string, string> {
  return {
    HOME, USER: "HwHiAiUser", LOGNAME: "HwHiAiUser", SHELL: "/bin/bash", PWD: state.cwd, HOSTNAME: "orangepiaipro", LANG: "C.UTF-8",
    PATH: "/usr/local/Ascend/ascend-toolkit/latest/bin:/usr/local/Ascend/ascend-toolkit/latest/compiler/ccec_compiler/bin:/usr/local/miniconda3/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    ASCEND_HOME_PATH: "/usr/local/Ascend/ascend-toolkit/latest", ASCEND_OPP_PATH: "/usr/local/Ascend/ascend-toolkit/latest/opp",
    PYTHONPATH: "/usr/local/Ascend/thirdpart/aarch64/acllite", "?": "0",
  };
}

/** Expands an unquoted glob word against the board (no match: the word stays as is, like bash). */
function expandWord(state: BoardState, w: Word): string[] {
  if (!w.glob) return [w.value];
  const abs = w.value.startsWith("/");
  const parts = w.value.split("/").filter((p, i) => p || i === 0);
  let cands = [abs ? "/" : state.cwd];
  let shown = [abs ? "/" : ""];
  const segs = abs ? parts.slice(1) : parts;
  for (const seg of segs) {
    const next: string[] = [], nextShown: string[] = [];
    const re = /[*?[]/.test(seg) ? globToRegExp(seg) : null;
    cands.forEach((c, i) => {
      const names = re ? listDir(state, c).filter((n) => re.test(n) && (!n.startsWith(".") || seg.startsWith("."))) : [seg];
      for (const n of names) {
        const p = resolvePath(c, n);
        if (re && !stat(state, p)) continue;
        next.push(p);
        nextShown.push(shown[i] ? (shown[i].endsWith("/") ? shown[i] + n : `${shown[i]}/${n}`) : n);
      }
    });
    cands = next;
    shown = nextShown;
  }
  const found = shown.filter((_, i) => stat(state, cands[i]));
  return found.length ? found.sort() : [w.value];
}

/** One simple command (no redirections applied yet). */
async function runSimple(cmd: SimpleCommand, ctx: Ctx): Promise<CmdResult> {
  const env = { ...ctx.env };
  const status = (t: string) => t.split(LAST_STATUS).join(ctx.env["?"] ?? "0");
  for (const a of cmd.assigns) env[a.name] = status(a.value);
  const argv = cmd.argv.flatMap((w) => expandWord(ctx.state, { ...w, value: status(w.value) }));
  if (!argv.length) return { out: "", code: 0, state: ctx.state };
  const [name, ...args] = argv;
  const c = { ...ctx, env };
  let f = COMMANDS[name];
  // ./script.sh or /path/to/script: run it like bash would
  if (!f && name.includes("/")) {
    const p = resolvePath(ctx.state.cwd, name);
    const e = stat(ctx.state, p);
    if (!e) return { out: "", err: `bash: ${name}: No such file or directory\n`, code: 127, state: ctx.state };
    if (e.kind === "dir") return { out: "", err: `bash: ${name}: Is a directory\n`, code: 126, state: ctx.state };
    if (!((e.mode ?? 0o644) & 0o100)) return { out: "", err: `bash: ${name}: Permission denied\n`, code: 126, state: ctx.state };
    const head = new TextDecoder().decode((await readBytes(ctx.state, p)).subarray(0, 200));
    f = /python/.test(head.split("\n")[0]) || p.endsWith(".py") ? COMMANDS.python3 : COMMANDS.bash;
    return f([name, ...args], c, runLineInner);
  }
  if (!f) {
    if (name === "converter_lite") return { out: "", err: "bash: converter_lite: command not found\n", code: 127, state: ctx.state };
    return { out: "", err: `bash: ${name}: command not found\n`, code: 127, state: ctx.state };
  }
  return f(args, c, runLineInner);
}

async function runLineInner(line: string, ctx: Ctx): Promise<CmdResult> {
  let list;
  try {
    list = parseLine(line, { ...ctx.env, PWD: ctx.state.cwd });
  } catch (e) {
    if (e instanceof ShellSyntaxError) return { out: e.message + "\n", code: 2, state: ctx.state };
    throw e;
  }
  let state = ctx.state, out = "", code = Number(ctx.env["?"] ?? 0), clear = false;
  const events: LabEvent[] = [];
  let skip = false;
  for (const item of list.items) {
    if (!skip) {
      let stdin = "";
      let last: CmdResult | null = null;
      for (let i = 0; i < item.pipeline.commands.length; i++) {
        const cmd = item.pipeline.commands[i];
        const piped = i < item.pipeline.commands.length - 1;
        const r = await runSimple(cmd, { ...ctx, state, stdin, env: { ...ctx.env, "?": String(code) } });
        state = r.state;
        if (r.events) events.push(...r.events);
        if (r.clear) { clear = true; out = ""; }
        // redirections
        let rOut = r.out, rErr = r.err ?? "";
        for (const red of cmd.redirects) {
          if (red.op === "2>&1") { rOut += rErr; rErr = ""; continue; }
          const target = resolvePath(state.cwd, red.target!.value.split(LAST_STATUS).join(String(code)));
          const content = red.op === "2>" || red.op === "2>>" ? rErr : red.op === "&>" ? rOut + rErr : rOut;
          try {
            let prev = "";
            if ((red.op === ">>" || red.op === "2>>") && stat(state, target)?.kind === "file") prev = new TextDecoder().decode(await readBytes(state, target));
            if (stat(state, target)?.kind === "dir") throw new FsError("EISDIR", target);
            if (!stat(state, dirname(target))) throw new FsError("ENOENT", target);
            state = writeFile(state, target, new TextEncoder().encode(prev + content), ctx.now);
          } catch (e) {
            if (!(e instanceof FsError)) throw e;
            rErr += `bash: ${red.target!.value}: ${ERRNO_TEXT[e.errno]}\n`;
            r.code = 1;
          }
          if (red.op === "2>" || red.op === "2>>") rErr = "";
          else if (red.op === "&>") { rOut = ""; rErr = ""; }
          else rOut = "";
        }
        // the terminal shows stdout and stderr in the order the commands produce them
        if (piped) { stdin = rOut; out += rErr; }
        else out += rOut + rErr;
        last = { ...r, out: rOut, err: rErr };
      }
      code = last?.code ?? 0;
    }
    if (item.next === "&&") skip = code !== 0;
    else if (item.next === "||") skip = code === 0;
    else skip = false;
  }
  return { out, err: "", code, state, events, clear };
}

export interface RunResult {
  /** terminal text (stdout and stderr), "\n" line ends */
  output: string;
  exitCode: number;
  state: BoardState;
  /** the terminal should be cleared before showing `output` */
  clear: boolean;
  /** structured results of the simulated programs (also stored in the history entry) */
  events: LabEvent[];
}

/** Runs a command line on a board and records it in the history. Pure in `state`. */
export async function runLine(state: BoardState, line: string, opts: { now?: Date } = {}): Promise<RunResult> {
  const now = opts.now ?? new Date();
  const seq = (state.history.at(-1)?.n ?? 0) + 1;
  const trimmed = line.replace(/\r/g, "");
  if (!trimmed.trim()) return { output: "", exitCode: 0, state, clear: false, events: [] };
  const lastExit = state.history.at(-1)?.exit ?? 0;
  const ctx: Ctx = { state, now, env: { ...baseEnv(state), "?": String(lastExit) }, stdin: "", seq, depth: 0, line: trimmed };
  let r: CmdResult;
  try {
    r = await runLineInner(trimmed, ctx);
  } catch (e) {
    // a bug in a simulated program must not take the terminal down: report it, keep the state
    r = { out: `bash: internal error of the virtual board: ${(e as Error).message}\n`, code: 1, state };
  }
  const events = r.events ?? [];
  const next = appendHistory(r.state, { at: now.toISOString(), cwd: state.cwd, cmd: trimmed, out: r.out, exit: r.code, ...(events.length ? { events } : {}) });
  return { output: r.out, exitCode: r.code, state: next, clear: Boolean(r.clear), events };
}
