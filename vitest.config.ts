import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], testTimeout: 30_000 } },
      // one PGlite per file; files run in parallel across the 2 cores
      { extends: true, test: { name: "integration", include: ["tests/integration/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 } },
      // e2e tests share one built server (tests/e2e/global-setup.ts) and run one file at a time
      { extends: true, test: { name: "e2e", include: ["tests/e2e/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 300_000, fileParallelism: false, globalSetup: ["tests/e2e/global-setup.ts"] } },
    ],
  },
});
