// Types of headers.mjs (plain JavaScript so next.config.js can import it).
export function contentSecurityPolicy(opts?: { dev?: boolean }): string;
export const PERMISSIONS_POLICY: string;
export function securityHeaders(opts?: { dev?: boolean }): { key: string; value: string }[];
export function hstsFor(req: { encrypted?: boolean; forwardedProto?: string | string[] | undefined }): string | null;
