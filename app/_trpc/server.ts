// tRPC for server components: calls procedures in-process (no HTTP) with the request's session.
// Memoised per request with React's cache(), so a page and its layout share one context.
import { cache } from "react";
import { TRPCError } from "@trpc/server";
import { createCaller } from "@/server/api/root";
import { createContext } from "@/server/api/http-context";

export const getServerCaller = cache(async () => createCaller(await createContext()));

/** The signed-in person, or null when signed out (or the account is gone). */
export const getViewer = cache(async () => {
  const caller = await getServerCaller();
  try {
    return await caller.me.get();
  } catch (e) {
    if (e instanceof TRPCError && e.code === "UNAUTHORIZED") return null;
    throw e;
  }
});

export type Viewer = NonNullable<Awaited<ReturnType<typeof getViewer>>>;
