// GET /teacher/classes/<id>/gradebook.csv: the gradebook as a CSV download (UTF-8 with BOM, so
// Excel shows Chinese names), through the same tRPC procedure and ownership check as the page.
import { TRPCError } from "@trpc/server";
import { createCaller } from "@/server/api/root";
import { createContext } from "@/server/api/http-context";
import { parseLocale } from "@/server/i18n/locales";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = createCaller(await createContext());
  try {
    const locale = parseLocale(new URL(req.url).searchParams.get("locale"));
    const { filename, content } = await caller.teacher.gradebook.csv({ classId: id, locale });
    const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
    return new Response(content, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
        "cache-control": "no-store",
      },
    });
  } catch (e) {
    if (e instanceof TRPCError) {
      const status = e.code === "UNAUTHORIZED" ? 401 : e.code === "FORBIDDEN" ? 403 : e.code === "NOT_FOUND" || e.code === "BAD_REQUEST" ? 404 : 500;
      return new Response(status === 500 ? "error" : e.message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
    }
    throw e;
  }
}
