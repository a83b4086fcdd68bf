// Path helpers of the page (the board's paths are POSIX, HOME is /home/HwHiAiUser).
export const HOME = "/home/HwHiAiUser";

export function resolve(cwd: string, p: string): string {
  let s = p;
  if (s === "~" || s.startsWith("~/")) s = HOME + s.slice(1);
  const out: string[] = [];
  for (const part of (s.startsWith("/") ? s : `${cwd}/${s}`).split("/")) {
    if (!part || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

export const parent = (p: string) => (p === "/" ? "/" : p.slice(0, p.lastIndexOf("/")) || "/");
export const base = (p: string) => p.slice(p.lastIndexOf("/") + 1);
export const tildify = (p: string) => (p === HOME ? "~" : p.startsWith(HOME + "/") ? "~" + p.slice(HOME.length) : p);

export function humanBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

/** A shell word for a path (quoted when it has spaces or special characters). */
export const shellWord = (p: string) => (/^[\w@%+=:,./~-]+$/.test(p) ? p : `'${p.replace(/'/g, "'\\''")}'`);

/** Commands the board knows, for Tab completion of the first word. */
export const COMMANDS = [
  "atc", "npu-smi", "python3", "python", "source", "bash", "sh", "ls", "cd", "pwd", "cat", "head", "tail", "grep", "wc", "rm", "mkdir",
  "cp", "mv", "touch", "echo", "df", "du", "history", "clear", "help", "whoami", "hostname", "uname", "date", "export", "sudo",
];
