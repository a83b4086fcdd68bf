// `npm start`: one process serves everything.
//   1. builds the Next app when there is no build or the sources changed since the last one
//   2. opens the database (PGlite in the data folder by default) and installs it process-wide
//   3. seeds an empty database (printing the demo logins once) and syncs the exercise catalogue
//   4. starts the background services (grading queue)
//   5. runs Next as a custom server in this same process, so Next's route handlers use the same
//      database instance (server/db/index.ts keeps it on globalThis) instead of opening another.
// The build runs first, in a child process, before the database is opened: nothing in the build
// may ever touch the one PGlite data folder this process owns.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../server/db/client";
import { setDatabase } from "../server/db";
import { startBackgroundServices } from "../server/services";
import { databaseUrl } from "../server/seed/data-dir";
import { formatLogins, seedIfEmpty, syncExerciseCatalogue } from "../server/seed";
import { resolveAuthSecret } from "../server/auth/secret";
import { ensureBuild } from "./start/build";
import { readServerConfig } from "./start/config";
import { guardRequest, hardenServer, sendInternalError, serverOptions } from "../server/security/node-server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
process.env.NEXT_TELEMETRY_DISABLED = "1";
// before Next (and React) are loaded: they pick their production builds from NODE_ENV
(process.env as Record<string, string>).NODE_ENV = "production";

const config = readServerConfig(process.env);
await ensureBuild(root, { force: config.forceBuild });

// Auth.js reads AUTH_SECRET from the environment; resolve (or create) it once, up front.
process.env.AUTH_SECRET = resolveAuthSecret();

const db = await openDatabase(databaseUrl());
setDatabase(db);
console.log(`database: ${db.kind}`);

const seeded = await seedIfEmpty(db);
if (seeded) console.log(formatLogins(seeded));
try {
  const sync = await syncExerciseCatalogue(db);
  console.log(`exercise catalogue: ${sync.created.length} new, ${sync.updated.length} updated, ${sync.unchanged.length} unchanged`);
} catch (e) {
  // an author's half-finished exercise must not keep the course offline: serve the last catalogue
  console.error(`exercise catalogue not synced:\n${(e as Error).message}`);
}

const services = await startBackgroundServices(db);

const { default: next } = await import("next");
const app = next({ dev: false, dir: root, hostname: config.host, port: config.port });
await app.prepare();
const handle = app.getRequestHandler();
// timeouts against slow clients, a ceiling on request bodies, HSTS on HTTPS (docs/security.md)
const server = http.createServer(serverOptions(), (req, res) => {
  if (guardRequest(req, res)) return;
  handle(req, res).catch((e: unknown) => {
    console.error("request failed:", e);
    sendInternalError(res);
  });
});
hardenServer(server);
await new Promise<void>((resolve, reject) => {
  server.once("error", reject);
  server.listen(config.port, config.host, resolve);
});
console.log(`ConvLab ready on http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${config.port}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  server.close();
  server.closeAllConnections();
  await services.stop().catch((e) => console.error("stopping services:", e));
  await app.close?.().catch(() => undefined);
  await db.close().catch((e) => console.error("closing database:", e));
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
