// Auth.js endpoints (/api/auth/csrf, /api/auth/session, /api/auth/callback/credentials, ...).
import { handlers } from "@/server/auth/config";

export const dynamic = "force-dynamic";
export const { GET, POST } = handlers;
