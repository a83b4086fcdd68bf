// The signed-in person's menu in the header: who they are and a sign-out button. A native
// <details> keeps it working before any JavaScript has loaded.
import { signOutAction } from "../_actions/auth";
import type { Translate } from "../_i18n/server";
import type { Viewer } from "../_trpc/server";
import { Badge } from "./ui";

export function UserMenu({ viewer, t }: { viewer: Viewer; t: Translate }) {
  const initial = viewer.name.trim().charAt(0).toUpperCase() || "?";
  return (
    <details className="group relative" data-testid="user-menu">
      <summary
        aria-label={t("nav.userMenu")}
        className="flex cursor-pointer list-none items-center gap-2 rounded-full py-1 pl-1 pr-3 ring-1 ring-slate-200 transition hover:bg-slate-100"
      >
        <span className="flex h-7 w-7 items-center justify-center rounded-full bg-brand-600 text-sm font-semibold text-white">{initial}</span>
        <span className="hidden max-w-32 truncate text-sm font-medium text-slate-700 sm:inline">{viewer.name}</span>
        <svg viewBox="0 0 20 20" className="h-4 w-4 text-slate-400 transition group-open:rotate-180" fill="currentColor" aria-hidden="true">
          <path d="M5.2 7.7a.75.75 0 0 1 1.06.04L10 11.7l3.74-3.96a.75.75 0 1 1 1.09 1.03l-4.28 4.53a.75.75 0 0 1-1.1 0L5.17 8.77a.75.75 0 0 1 .04-1.06z" />
        </svg>
      </summary>
      <div className="absolute right-0 z-20 mt-2 w-64 rounded-xl bg-white p-2 shadow-lg ring-1 ring-slate-200">
        <div className="px-3 py-2">
          <p className="truncate text-sm font-semibold text-slate-900">{viewer.name}</p>
          <p className="truncate text-xs text-slate-500">{viewer.email}</p>
          <div className="mt-2">
            <Badge tone={viewer.role === "STUDENT" ? "brand" : "amber"}>{t(`role.${viewer.role}` as const)}</Badge>
          </div>
        </div>
        <div className="my-1 border-t border-slate-100" />
        <form action={signOutAction}>
          <button type="submit" data-testid="sign-out" className="w-full rounded-lg px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-100">
            {t("nav.signOut")}
          </button>
        </form>
      </div>
    </details>
  );
}
