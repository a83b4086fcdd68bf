"use client";
// The board's terminal: xterm.js with a small readline of our own (the board has no real shell
// to talk to: each finished line goes to lab.run and the answer is printed). Loaded with
// next/dynamic and ssr: false, so xterm only ever runs in the browser.
//
// Editing: printable text, Backspace/Delete, ←/→, Home/End (also Ctrl+A/E), ↑/↓ history,
// Ctrl+U/K/W, Ctrl+C (cancel the line), Ctrl+L (clear), Tab (complete commands and file names),
// paste of several lines (each line runs in turn; typed-ahead input waits for the running command).
import { useEffect, useRef, type MutableRefObject } from "react";
import { Terminal } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";
import "@xterm/xterm/css/xterm.css";

export interface HistoryItem {
  prompt: string;
  cmd: string;
  out: string;
}

export interface RunOutcome {
  output: string;
  clear: boolean;
  prompt: string;
}

export interface TerminalApi {
  /** types text at the cursor (does not press Enter) and focuses the terminal */
  type(text: string): void;
  focus(): void;
  /** starts over on a fresh board (after a reset) */
  restart(prompt: string): void;
}

export interface TerminalProps {
  apiRef: MutableRefObject<TerminalApi | null>;
  prompt: string;
  history: HistoryItem[];
  recall: string[];
  banner: string;
  restoredNote: string;
  label: string;
  /** runs a line on the board; rejects with a message to print in red */
  run(line: string): Promise<RunOutcome>;
  /** completions of `word` (whole replacement words; a trailing "/" marks a folder) */
  complete(word: string, first: boolean): string[];
  onBusy(busy: boolean): void;
}

const ESC = "\x1b";
const RESET = `${ESC}[0m`;
const DIM = `${ESC}[2m`;
const RED = `${ESC}[31m`;

/** Ubuntu's coloured bash prompt: user@host in bold green, the directory in bold blue. */
export function colourPrompt(p: string): string {
  const m = /^(\(\w+\) )?([^@\s]+@[^:\s]+):(.*)\$ $/.exec(p);
  if (!m) return p;
  return `${m[1] ?? ""}${ESC}[1;32m${m[2]}${RESET}:${ESC}[1;34m${m[3]}${RESET}$ `;
}

/** Terminal cells of one code point (CJK and full-width forms take two). */
function cellWidth(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c < 32 || (c >= 0x7f && c < 0xa0)) return 0;
  if (c >= 0x300 && c <= 0x36f) return 0;
  if (
    (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) || (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x1f300 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd)
  ) return 2;
  return 1;
}
const widthOf = (chars: string[]) => chars.reduce((s, ch) => s + cellWidth(ch), 0);

const TOKEN = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1bO.|\x1b.?|[\s\S]/gu;

function commonPrefix(words: string[]): string {
  if (!words.length) return "";
  let p = words[0];
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

export default function BoardTerminal(props: TerminalProps) {
  const host = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const el = host.current!;
    const term = new Terminal({
      // fonts of the lab PCs only: nothing is downloaded
      fontFamily: "'DejaVu Sans Mono', 'Noto Sans Mono CJK SC', 'Sarasa Mono SC', Menlo, Consolas, 'Liberation Mono', ui-monospace, monospace",
      fontSize: 14,
      lineHeight: 1.15,
      cursorBlink: true,
      scrollback: 5000,
      allowProposedApi: false,
      theme: {
        background: "#0b1220",
        foreground: "#d7dde8",
        cursor: "#e2e8f0",
        selectionBackground: "#33415588",
        green: "#4ade80",
        brightGreen: "#86efac",
        blue: "#60a5fa",
        brightBlue: "#93c5fd",
        red: "#f87171",
        yellow: "#facc15",
      },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    try {
      fit.fit();
    } catch {
      // not laid out yet
    }

    let prompt = latest.current.prompt;
    let buf: string[] = [];
    let cur = 0;
    let rowOffset = 0; // rows between the prompt's first row and the cursor
    let busy = false;
    let pending = ""; // typed ahead while a command runs
    let lastWasCR = false;
    const history = [...latest.current.recall];
    let hIndex = history.length;
    let draft: string[] = [];
    let runs = 0;

    const promptWidth = () => widthOf([...prompt]);
    const setBusy = (b: boolean) => {
      busy = b;
      el.dataset.busy = String(b);
      latest.current.onBusy(b);
    };

    /** redraws prompt + line and puts the cursor at `cur` */
    const render = () => {
      const cols = Math.max(term.cols, 2);
      let s = "";
      if (rowOffset > 0) s += `${ESC}[${rowOffset}A`;
      s += `\r${ESC}[J` + colourPrompt(prompt) + buf.join("");
      const total = promptWidth() + widthOf(buf);
      if (total > 0 && total % cols === 0) s += "\r\n"; // leave xterm's pending-wrap state
      const endRow = Math.floor(total / cols);
      const t = promptWidth() + widthOf(buf.slice(0, cur));
      const row = Math.floor(t / cols), col = t % cols;
      if (endRow > row) s += `${ESC}[${endRow - row}A`;
      s += `${ESC}[${col + 1}G`;
      rowOffset = row;
      term.write(s);
    };

    const newPrompt = () => {
      buf = [];
      cur = 0;
      rowOffset = 0;
      hIndex = history.length;
      render();
    };

    /** moves the cursor below the current input (before printing anything) */
    const leaveLine = () => {
      const cols = Math.max(term.cols, 2);
      const endRow = Math.floor((promptWidth() + widthOf(buf)) / cols);
      let s = "";
      if (endRow > rowOffset) s += `${ESC}[${endRow - rowOffset}B`;
      term.write(s + "\r\n");
      rowOffset = 0;
    };

    const print = (text: string) => {
      if (!text) return;
      term.write(text.replace(/\r?\n/g, "\r\n"));
      if (!text.endsWith("\n")) term.write("\r\n");
    };

    const submit = () => {
      const line = buf.join("");
      leaveLine();
      if (line.trim() && history[history.length - 1] !== line) history.push(line);
      if (history.length > 500) history.splice(0, history.length - 500);
      if (!line.trim()) {
        newPrompt();
        return;
      }
      setBusy(true);
      latest.current
        .run(line)
        .then(
          (r) => {
            if (r.clear) term.write(`${ESC}[H${ESC}[2J${ESC}[3J`);
            print(r.output);
            prompt = r.prompt;
          },
          (e: unknown) => print(`${RED}${(e as Error)?.message ?? String(e)}${RESET}`),
        )
        .finally(() => {
          setBusy(false);
          newPrompt();
          // tests (and screen readers) may read the screen once xterm has parsed and painted it
          term.write("", () => requestAnimationFrame(() => requestAnimationFrame(() => (el.dataset.runs = String(++runs)))));
          const rest = pending;
          pending = "";
          if (rest) feed(rest);
        });
    };

    const complete = () => {
      const before = buf.slice(0, cur).join("");
      const m = /(^|[\s=])([^\s=]*)$/.exec(before)!;
      const word = m[2];
      const first = !before.slice(0, before.length - word.length).trim();
      const cands = latest.current.complete(word, first);
      if (!cands.length) return term.write("\x07");
      const pre = cands.length === 1 ? cands[0] + (cands[0].endsWith("/") ? "" : " ") : commonPrefix(cands);
      if (pre.length > word.length) {
        const add = [...pre.slice(word.length)];
        buf.splice(cur, 0, ...add);
        cur += add.length;
        render();
        return;
      }
      // several matches and nothing more in common: list them like bash
      leaveLine();
      const names = cands.map((c) => c.replace(/\/$/, "").split("/").pop() + (c.endsWith("/") ? "/" : ""));
      const w = Math.max(...names.map((n) => n.length)) + 2;
      const per = Math.max(1, Math.floor(term.cols / w));
      let out = "";
      names.forEach((n, i) => {
        out += n.padEnd(w);
        if ((i + 1) % per === 0 || i === names.length - 1) out += "\r\n";
      });
      term.write(out);
      render();
    };

    const recall = (dir: -1 | 1) => {
      if (!history.length) return;
      if (hIndex === history.length) draft = buf;
      const next = Math.min(history.length, Math.max(0, hIndex + dir));
      if (next === hIndex) return;
      hIndex = next;
      buf = hIndex === history.length ? draft : [...history[hIndex]];
      cur = buf.length;
      render();
    };

    const feed = (data: string) => {
      const tokens = data.match(TOKEN) ?? [];
      for (let i = 0; i < tokens.length; i++) {
        const tk = tokens[i];
        if (busy) {
          if (tk === "\x03") {
            term.write("^C");
            pending = "";
            continue;
          }
          pending += tokens.slice(i).join("").replace(/\x03/g, "");
          return;
        }
        const cr = tk === "\r";
        if (tk === "\n" && lastWasCR) {
          lastWasCR = false;
          continue;
        }
        lastWasCR = cr;
        switch (tk) {
          case "\r":
          case "\n":
            submit();
            break;
          case "\x7f":
          case "\b":
            if (cur > 0) {
              buf.splice(cur - 1, 1);
              cur--;
              render();
            }
            break;
          case `${ESC}[3~`:
            if (cur < buf.length) {
              buf.splice(cur, 1);
              render();
            }
            break;
          case `${ESC}[A`:
          case `${ESC}OA`:
            recall(-1);
            break;
          case `${ESC}[B`:
          case `${ESC}OB`:
            recall(1);
            break;
          case `${ESC}[C`:
          case `${ESC}OC`:
            if (cur < buf.length) {
              cur++;
              render();
            }
            break;
          case `${ESC}[D`:
          case `${ESC}OD`:
            if (cur > 0) {
              cur--;
              render();
            }
            break;
          case `${ESC}[H`:
          case `${ESC}OH`:
          case `${ESC}[1~`:
          case "\x01":
            cur = 0;
            render();
            break;
          case `${ESC}[F`:
          case `${ESC}OF`:
          case `${ESC}[4~`:
          case "\x05":
            cur = buf.length;
            render();
            break;
          case "\x03": // Ctrl+C: abandon the line
            cur = buf.length;
            render();
            term.write("^C\r\n");
            rowOffset = 0;
            newPrompt();
            break;
          case "\x0c": // Ctrl+L
            term.write(`${ESC}[H${ESC}[2J`);
            rowOffset = 0;
            render();
            break;
          case "\x15": // Ctrl+U
            buf = buf.slice(cur);
            cur = 0;
            render();
            break;
          case "\x0b": // Ctrl+K
            buf = buf.slice(0, cur);
            render();
            break;
          case "\x17": {
            // Ctrl+W: the word before the cursor
            let j = cur;
            while (j > 0 && buf[j - 1] === " ") j--;
            while (j > 0 && buf[j - 1] !== " ") j--;
            buf.splice(j, cur - j);
            cur = j;
            render();
            break;
          }
          case "\t":
            complete();
            break;
          default: {
            if (tk.startsWith(ESC) || cellWidth(tk) === 0) break; // other keys and control characters
            // a run of plain characters (typing fast, or a paste) is inserted with one redraw
            const chunk = [tk];
            while (i + 1 < tokens.length && !tokens[i + 1].startsWith(ESC) && cellWidth(tokens[i + 1]) > 0) chunk.push(tokens[++i]);
            buf.splice(cur, 0, ...chunk);
            cur += chunk.length;
            render();
          }
        }
      }
    };

    // the session so far (since the last `clear`)
    const h = latest.current.history;
    term.write(`${DIM}${latest.current.banner}${RESET}\r\n`);
    if (h.length) {
      for (const e of h) {
        term.write(colourPrompt(e.prompt) + e.cmd.replace(/\r?\n/g, " ") + "\r\n");
        print(e.out);
      }
      term.write(`${DIM}${latest.current.restoredNote}${RESET}\r\n`);
    }
    el.dataset.busy = "false";
    el.dataset.runs = "0";
    newPrompt();

    const sub = term.onData(feed);
    const ro = new ResizeObserver(() => {
      try {
        fit.fit();
      } catch {
        return;
      }
      rowOffset = Math.floor((promptWidth() + widthOf(buf.slice(0, cur))) / Math.max(term.cols, 2));
    });
    ro.observe(el);

    latest.current.apiRef.current = {
      type(text) {
        // a command from the guide replaces what is on the line (typed ahead if a command runs)
        term.focus();
        const line = text.replace(/[\r\n]+/g, " ").trim();
        if (busy) {
          pending += line;
          return;
        }
        buf = [...line];
        cur = buf.length;
        hIndex = history.length;
        render();
      },
      focus: () => term.focus(),
      restart(p) {
        prompt = p;
        pending = "";
        history.length = 0;
        term.reset();
        term.write(`${DIM}${latest.current.banner}${RESET}\r\n`);
        newPrompt();
        term.focus();
      },
    };
    term.focus();

    return () => {
      latest.current.apiRef.current = null;
      ro.disconnect();
      sub.dispose();
      term.dispose();
    };
  }, []);

  return <div ref={host} className="h-full w-full" role="application" aria-label={props.label} data-testid="lab-terminal" />;
}
