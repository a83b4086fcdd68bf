// Starts ConvLab once for all e2e tests, exactly as `npm start` does (building first if needed),
// on 127.0.0.1 and a free port, with a throw-away data folder and a known demo password
// (scripts/lib/throwaway-server.ts). Tests read the address with inject("baseURL").
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startThrowawayServer } from "../../scripts/lib/throwaway-server";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    demoPassword: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startThrowawayServer({
    name: "e2e",
    readyTimeoutMs: Number(process.env.E2E_READY_TIMEOUT_S ?? 900) * 1000,
    env: (env) => void delete env.AUTH_SECRET, // exercise the generate-and-persist path
    verbose: !!process.env.E2E_VERBOSE,
  });
  fs.writeFileSync(path.join(server.dataDir, "server-start.log"), server.output());
  project.provide("baseURL", server.baseURL);
  project.provide("demoPassword", server.demoPassword);

  return async () => {
    const keepData = !!process.env.E2E_KEEP_DATA;
    await server.stop({ keepData });
    if (keepData) console.log(`e2e data kept in ${server.dataDir}`);
  };
}
