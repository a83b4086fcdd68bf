// tRPC over HTTP at /api/trpc/<procedure>, behind the request guard of server/security/trpc-http.ts
// (methods, JSON-only mutations, size / encoding / depth / batch limits, cross-site refusal).
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/http-context";
import { handleTrpcRequest } from "@/server/security/trpc-http";

export const dynamic = "force-dynamic";

function handler(req: Request) {
  return handleTrpcRequest(req, {
    router: appRouter,
    createContext,
    onError({ error, path }) {
      // the client only sees the generic message; the details belong in the server log
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };
