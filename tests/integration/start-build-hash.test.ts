// The start script rebuilds Next only when the sources changed: which files count.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sourceTreeHash } from "../../scripts/start/build";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "convlab-hash-"));
const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

write("app/page.tsx", "export default 1");
write("app/exercises/[slug]/page.tsx", "export default 2");
write("exercises/conv/prompt.zh.md", "题目");
write("package.json", "{}");

describe("sourceTreeHash", () => {
  it("changes when a page changes, also one under app/exercises/", () => {
    const before = sourceTreeHash(root);
    write("app/exercises/[slug]/page.tsx", "export default 3");
    expect(sourceTreeHash(root)).not.toBe(before);
  });

  it("changes when a file is added or renamed", () => {
    const before = sourceTreeHash(root);
    write("server/api/new.ts", "export {}");
    const added = sourceTreeHash(root);
    expect(added).not.toBe(before);
    fs.renameSync(path.join(root, "server/api/new.ts"), path.join(root, "server/api/renamed.ts"));
    expect(sourceTreeHash(root)).not.toBe(added);
  });

  it("ignores what the build and the runtime write, and the exercise folders read at run time", () => {
    const before = sourceTreeHash(root);
    write(".next/BUILD_ID", "x");
    write(".data/pglite/PG_VERSION", "18");
    write("next-env.d.ts", "// rewritten by next build");
    write("exercises/conv/prompt.zh.md", "改过的题目");
    write("tests/e2e/artifacts/shot.png", "png");
    write("app/node_modules/x.js", "1");
    expect(sourceTreeHash(root)).toBe(before);
  });
});
