// Limits of the tRPC endpoint shared by the server's request guard (trpc-http.ts) and the browser's
// tRPC client (app/_trpc/client.tsx). No imports: this file is bundled into client code.

/** 256 KiB: the largest real input is a 64 KiB submission, up to 6x longer once JSON-escaped */
export const MAX_TRPC_BODY_BYTES = 256 * 1024;
/** queries travel in the URL; Node's own header limit (16 KiB) is the same bound in production */
export const MAX_TRPC_URL_BYTES = 16 * 1024;
/** the app's pages batch a handful of queries; a 1000-call batch is an amplification attack */
export const MAX_TRPC_BATCH = 50;
/**
 * The client splits batches whose URL (path and query, without the origin) would be longer than
 * this: well under MAX_TRPC_URL_BYTES, leaving room for the origin and, within Node's 16 KiB of
 * request line plus headers, for the session cookie and the other headers.
 */
export const MAX_CLIENT_URL_BYTES = 8 * 1024;
