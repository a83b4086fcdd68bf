// Starts ConvLab exactly as `npm start` does (building first when the build is missing or stale),
// on 127.0.0.1 and a free port, with a throw-away PGlite data folder and a known demo password.
// Used by the e2e tests' global setup and by bench/page-weight.ts. stop() ends the whole process
// group (npm, tsx and the server) and removes the data folder unless asked to keep it.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface ThrowawayServer {
  baseURL: string;
  dataDir: string;
  demoPassword: string;
  /** everything the server printed so far */
  output(): string;
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export interface ThrowawayOptions {
  /** prefix of the temp data folder and the demo password */
  name: string;
  /** includes a cold `next build`: 1-2 min on 2 idle cores, several minutes while other jobs run */
  readyTimeoutMs: number;
  /** extra environment (e.g. deleting AUTH_SECRET to exercise its generate-and-persist path) */
  env?: (env: NodeJS.ProcessEnv) => void;
  /** echo the server's output as it comes */
  verbose?: boolean;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startThrowawayServer(opts: ThrowawayOptions): Promise<ThrowawayServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `convlab-${opts.name}-`));
  const demoPassword = `${opts.name}-${randomBytes(6).toString("hex")}`;
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: "127.0.0.1", PORT: String(port), CONVLAB_DATA_DIR: dataDir, CONVLAB_DEMO_PASSWORD: demoPassword, NEXT_TELEMETRY_DISABLED: "1" };
  delete env.DATABASE_URL; // always the temp PGlite, never a developer's database
  opts.env?.(env);

  let output = "";
  const child = spawn("npm", ["start", "--silent"], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (opts.verbose) process.stderr.write(chunk);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);

  const baseURL = `http://127.0.0.1:${port}`;
  const server: ThrowawayServer = {
    baseURL,
    dataDir,
    demoPassword,
    output: () => output,
    async stop({ keepData = false } = {}) {
      await stopGroup(child);
      if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await waitForReady(`${baseURL}/api/health`, child, opts.readyTimeoutMs, () => output.slice(-4000));
  } catch (e) {
    await server.stop();
    throw e;
  }
  return server;
}

async function waitForReady(url: string, child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`ConvLab exited with code ${child.exitCode} before it was ready:\n${log()}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`ConvLab was not ready after ${timeoutMs / 1000} s:\n${log()}`);
}

function stopGroup(child: ChildProcess): Promise<void> {
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
