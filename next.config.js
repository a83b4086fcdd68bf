// Next.js configuration. ConvLab runs as a custom server (scripts/start.ts) in one process, so
// packages that hold native code, WASM or process-wide state are loaded by Node, not bundled:
// a bundled copy would be a second module instance (e.g. a second PGlite).
// Security headers (CSP, nosniff, frame-ancestors, ...) come from server/security/headers.mjs and
// apply to every response, pages, API and static files alike (docs/security.md).
import { securityHeaders } from "./server/security/headers.mjs";

/** @type {import("next").NextConfig} */
const nextConfig = {
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "pg",
    "isolated-vm",
    "@tensorflow/tfjs",
    "@tensorflow/tfjs-backend-wasm",
    "esbuild",
    "bcryptjs",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
  // The course runs on campus networks without internet access: nothing may be fetched from a CDN.
  images: { unoptimized: true },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders({ dev: process.env.NODE_ENV !== "production" }) }];
  },
};

export default nextConfig;
