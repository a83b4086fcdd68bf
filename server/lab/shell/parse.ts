// A small POSIX-shell-like parser: single/double quotes, backslash escapes, $VAR / ${VAR} / ~
// expansion, comments, `;` `&&` `||` lists, `|` pipelines and `>` `>>` `2>` `2>&1` redirections.
// Globs (* ? [..]) are marked on unquoted words and expanded by the caller against the board.

export interface Word { value: string; /** has an unquoted glob character */ glob: boolean }
export interface Redirect { op: ">" | ">>" | "2>" | "2>>" | "2>&1" | "&>"; target?: Word }
export interface SimpleCommand { argv: Word[]; redirects: Redirect[]; assigns: { name: string; value: string }[] }
export interface Pipeline { commands: SimpleCommand[] }
export type ListOp = ";" | "&&" | "||";
export interface CommandList { items: { pipeline: Pipeline; /** operator before the next item */ next: ListOp | null }[] }

export class ShellSyntaxError extends Error {}

/** Placeholder for `$?`, replaced by the exit status of the previous command when a command runs. */
export const LAST_STATUS = "\u0001";

type Tok = { kind: "word"; word: Word; assign?: boolean } | { kind: "op"; op: string };

function tokenize(line: string, env: Record<string, string>): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = line.length;
  const expandVar = (): string => {
    // at line[i] === "$"
    i++;
    if (line[i] === "{") {
      const end = line.indexOf("}", i);
      if (end < 0) throw new ShellSyntaxError("bash: bad substitution");
      const name = line.slice(i + 1, end);
      i = end + 1;
      return env[name] ?? "";
    }
    if (line[i] === "?") { i++; return LAST_STATUS; } // expanded when the command runs
    if (line[i] === "$" || line[i] === "#" || /[0-9]/.test(line[i] ?? "")) { const c = line[i++]; return env[c] ?? ""; }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(line.slice(i));
    if (!m) return "$";
    i += m[0].length;
    return env[m[0]] ?? "";
  };
  while (i < n) {
    const c = line[i];
    if (c === " " || c === "\t" || c === "\n") { i++; continue; }
    if (c === "#") break;
    // operators
    const two = line.slice(i, i + 2), four = line.slice(i, i + 4);
    if (four === "2>&1") { toks.push({ kind: "op", op: "2>&1" }); i += 4; continue; }
    if (two === "&&" || two === "||" || two === ">>" || two === "2>" || two === "&>") {
      if (two === "2>" && line[i + 2] === ">") { toks.push({ kind: "op", op: "2>>" }); i += 3; continue; }
      toks.push({ kind: "op", op: two }); i += 2; continue;
    }
    if (c === ";" || c === "|" || c === ">" || c === "<" || c === "&" || c === "(" || c === ")") { toks.push({ kind: "op", op: c }); i++; continue; }
    // a word
    let value = "";
    let glob = false;
    const start = i;
    while (i < n && !/[\s;|&<>()]/.test(line[i])) {
      const ch = line[i];
      if (ch === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) throw new ShellSyntaxError("bash: unexpected EOF while looking for matching `''");
        value += line.slice(i + 1, end);
        i = end + 1;
      } else if (ch === '"') {
        i++;
        while (i < n && line[i] !== '"') {
          if (line[i] === "\\" && i + 1 < n && '"\\$`'.includes(line[i + 1])) { value += line[i + 1]; i += 2; }
          else if (line[i] === "$") value += expandVar();
          else value += line[i++];
        }
        if (i >= n) throw new ShellSyntaxError('bash: unexpected EOF while looking for matching `"\'');
        i++;
      } else if (ch === "\\") {
        if (i + 1 < n) value += line[i + 1];
        i += 2;
      } else if (ch === "$") {
        value += expandVar();
      } else if (ch === "~" && i === start && (i + 1 >= n || /[\s/;|&<>]/.test(line[i + 1]))) {
        value += env.HOME ?? "~";
        i++;
      } else {
        if (ch === "*" || ch === "?" || ch === "[") glob = true;
        value += ch;
        i++;
      }
    }
    const raw = line.slice(start, i);
    toks.push({ kind: "word", word: { value, glob }, assign: /^[A-Za-z_][A-Za-z0-9_]*=/.test(raw) && !raw.startsWith("'") });
  }
  return toks;
}

/** Parses one command line. Throws ShellSyntaxError with bash's wording. */
export function parseLine(line: string, env: Record<string, string>): CommandList {
  const toks = tokenize(line, env);
  const list: CommandList = { items: [] };
  let cur: SimpleCommand = { argv: [], redirects: [], assigns: [] };
  let pipe: SimpleCommand[] = [];
  const unexpected = (t: string) => new ShellSyntaxError(`bash: syntax error near unexpected token \`${t}'`);
  const endCommand = (tok: string) => {
    if (!cur.argv.length && !cur.assigns.length && !cur.redirects.length) throw unexpected(tok);
    pipe.push(cur);
    cur = { argv: [], redirects: [], assigns: [] };
  };
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (t.kind === "word") {
      if (t.assign && !cur.argv.length) {
        const eq = t.word.value.indexOf("=");
        cur.assigns.push({ name: t.word.value.slice(0, eq), value: t.word.value.slice(eq + 1) });
      } else cur.argv.push(t.word);
      continue;
    }
    switch (t.op) {
      case ">": case ">>": case "2>": case "2>>": case "&>": {
        const target = toks[k + 1];
        if (!target || target.kind !== "word") throw unexpected(target?.kind === "op" ? target.op : "newline");
        cur.redirects.push({ op: t.op, target: target.word });
        k++;
        break;
      }
      case "2>&1": cur.redirects.push({ op: "2>&1" }); break;
      case "|": endCommand("|"); break;
      case ";": case "&&": case "||": {
        endCommand(t.op);
        list.items.push({ pipeline: { commands: pipe }, next: t.op as ListOp });
        pipe = [];
        break;
      }
      case "<": throw new ShellSyntaxError("bash: input redirection is not supported on this virtual board");
      case "&": throw new ShellSyntaxError("bash: background jobs (&) are not supported on this virtual board");
      default: throw unexpected(t.op);
    }
  }
  if (cur.argv.length || cur.assigns.length || cur.redirects.length) pipe.push(cur);
  else if (pipe.length) throw unexpected("newline");
  if (pipe.length) list.items.push({ pipeline: { commands: pipe }, next: null });
  else if (list.items.length) {
    const last = list.items[list.items.length - 1];
    if (last.next === "&&" || last.next === "||") throw unexpected("newline");
    last.next = null;
  }
  return list;
}

/** fnmatch-style glob -> RegExp (*, ?, [abc]); dotfiles need an explicit leading dot. */
export function globToRegExp(pattern: string): RegExp {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) { re += "\\["; continue; }
      re += "[" + pattern.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\") + "]";
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(re + "$");
}
