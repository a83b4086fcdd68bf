// The start script's settings from the environment, validated up front.
import { z } from "zod";

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  /** CONVLAB_FORCE_BUILD=1 rebuilds even when the source hash matches */
  CONVLAB_FORCE_BUILD: z.enum(["0", "1", ""]).default(""),
});

export function readServerConfig(env: NodeJS.ProcessEnv) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return { port: parsed.data.PORT, host: parsed.data.HOST, forceBuild: parsed.data.CONVLAB_FORCE_BUILD === "1" };
}
