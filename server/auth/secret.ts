// AUTH_SECRET signs the session cookies. When the environment does not set it, one is generated
// on first start and kept in the data folder, so `npm start` works without a manual step and
// sessions survive restarts.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { dataDir } from "../seed/data-dir";

export function authSecretFile(): string {
  return path.join(dataDir(), "auth-secret");
}

export function resolveAuthSecret(): string {
  const fromEnv = process.env.AUTH_SECRET?.trim();
  if (fromEnv) return fromEnv;
  const file = authSecretFile();
  try {
    const stored = fs.readFileSync(file, "utf8").trim();
    if (stored) return stored;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  // "wx": if another process created it a moment ago, keep theirs
  try {
    fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    return secret;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8").trim();
    throw e;
  }
}
