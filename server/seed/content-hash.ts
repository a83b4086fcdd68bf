// A stable fingerprint of an exercise folder: any edit to any file (prompt, starter, checks, ...)
// changes it, while file order and timestamps do not.
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";

function listFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

export function hashFolder(dir: string): string {
  const hash = createHash("sha256");
  for (const rel of listFiles(dir).sort()) {
    const content = fs.readFileSync(path.join(dir, rel));
    // length-prefixed, so moving bytes between a name and a file cannot give the same hash
    hash.update(`${rel}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest("hex");
}
