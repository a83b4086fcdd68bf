"use client";
// tRPC for client components: `const trpc = useTRPC(); useMutation(trpc.auth.signUp.mutationOptions())`.
import { useState, type ReactNode } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";
import { MAX_CLIENT_URL_BYTES, MAX_TRPC_BATCH } from "@/server/security/trpc-limits";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

function makeQueryClient() {
  // server components render the first data; the client refetches only when asked to
  return new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: false } } });
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        // subscriptions (live submission status, gradebook, live class) go over SSE; the rest is batched HTTP
        splitLink({
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: "/api/trpc", transformer: superjson }),
          // batches stay within what the server accepts (server/security/trpc-limits.ts): a busy page
          // sends several requests instead of one that would be refused with a 400 or 414
          false: httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: MAX_TRPC_BATCH, maxURLLength: MAX_CLIENT_URL_BYTES }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
