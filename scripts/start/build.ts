// Builds the Next app when needed: no .next/BUILD_ID yet, or the hash of the source tree differs
// from the one stored after the last build (.next/convlab-source-hash).
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";

// Top-level folders that never end up in the Next bundle, or are written by the build or at run
// time. Matched at the root only: app/exercises/ is a route and does count.
// exercises/ is read from disk at run time (loader, catalogue sync), so editing an exercise needs
// a restart but no rebuild.
const IGNORED_DIRS = new Set(["node_modules", ".next", ".git", ".data", "data", "tests", "coverage", "test-results", "bench", ".ci", "notes", "docs", "scripts", "exercises"]);
// Files the build itself rewrites, or that have no effect on it.
const IGNORED_FILES = new Set(["next-env.d.ts", "tsconfig.tsbuildinfo"]);

function walk(dir: string, rel: string, out: string[]) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      const ignored = rel === "" && IGNORED_DIRS.has(entry.name);
      if (!ignored && entry.name !== "node_modules" && !entry.name.startsWith(".")) walk(path.join(dir, entry.name), relPath, out);
    } else if (entry.isFile() && !IGNORED_FILES.has(entry.name)) {
      out.push(relPath);
    }
  }
}

export function sourceTreeHash(root: string): string {
  const files: string[] = [];
  walk(root, "", files);
  const hash = createHash("sha256");
  for (const rel of files.sort()) {
    const content = fs.readFileSync(path.join(root, rel));
    hash.update(`${rel}\0${content.length}\0`).update(content);
  }
  return hash.digest("hex");
}

const hashFile = (root: string) => path.join(root, ".next", "convlab-source-hash");

export function buildIsCurrent(root: string): boolean {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return false;
  try {
    return fs.readFileSync(hashFile(root), "utf8").trim() === sourceTreeHash(root);
  } catch {
    return false;
  }
}

export async function ensureBuild(root: string, opts: { force?: boolean } = {}): Promise<void> {
  if (!opts.force && buildIsCurrent(root)) return;
  console.log("building the web app (next build)…");
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`);
  // hashed after the build: `next build` may itself rewrite tsconfig.json / next-env.d.ts
  fs.writeFileSync(hashFile(root), sourceTreeHash(root) + "\n");
  console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
