// Starts ConvLab once for all e2e tests, exactly as `npm start` does (building first if needed),
// on 127.0.0.1 and a free port, with a throw-away data folder and a known demo password.
// Tests read the address with inject("baseURL"). Teardown stops the server by its process group.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    demoPassword: string;
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// includes a cold `next build`: 1-2 min on 2 idle cores, several minutes while other jobs run
const READY_TIMEOUT_MS = Number(process.env.E2E_READY_TIMEOUT_S ?? 900) * 1000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`ConvLab exited with code ${child.exitCode} before it was ready:\n${log()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`ConvLab was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${log()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.pid) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 15_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    try {
      process.kill(-child.pid!, "SIGTERM"); // the whole group: npm, tsx and the server
    } catch {
      resolve();
    }
  });
}

export default async function setup(project: TestProject) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "convlab-e2e-"));
  const demoPassword = `e2e-${randomBytes(6).toString("hex")}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: "127.0.0.1",
    PORT: String(port),
    CONVLAB_DATA_DIR: dataDir,
    CONVLAB_DEMO_PASSWORD: demoPassword,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete env.DATABASE_URL; // always the temp PGlite, never a developer's database
  delete env.AUTH_SECRET; // exercise the generate-and-persist path

  let output = "";
  const child = spawn("npm", ["start", "--silent"], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.E2E_VERBOSE) process.stderr.write(chunk);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);

  const baseURL = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(`${baseURL}/api/health`, child, () => output.slice(-4000));
  } catch (e) {
    await stop(child);
    throw e;
  }
  fs.writeFileSync(path.join(dataDir, "server-start.log"), output);
  project.provide("baseURL", baseURL);
  project.provide("demoPassword", demoPassword);

  return async () => {
    await stop(child);
    if (process.env.E2E_KEEP_DATA) console.log(`e2e data kept in ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
