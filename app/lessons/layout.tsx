// Lessons segment: loads KaTeX's stylesheet (and, through it, the KaTeX fonts) from
// node_modules/katex. Next bundles the CSS and serves the fonts from /_next/static/media, so no
// formula ever needs a CDN. The formulas themselves are rendered to HTML on the server
// (server/lessons/compile.ts) with the same katex version.
import type { ReactNode } from "react";
import "katex/dist/katex.min.css";

export default function LessonsLayout({ children }: { children: ReactNode }) {
  return children;
}
