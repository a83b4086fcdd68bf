// The task description, rendered on the server from exercises/<id>/prompt.<locale>.md: Markdown
// with $…$ / $$…$$ math (KaTeX, rendered here with the same KaTeX version as the stylesheet, reusing
// the lesson pipeline's rehypeKatexStatic), fenced code, lists and simple pipe tables. Parsed as
// plain Markdown (not MDX) and raw HTML is dropped, so a prompt can never inject markup or script.
// Compiled once per distinct text and kept for the life of the process.
import { createHash } from "node:crypto";
import type { ComponentPropsWithoutRef, ComponentType, ReactNode } from "react";
import * as jsxRuntime from "react/jsx-runtime";
import { compile, run } from "@mdx-js/mdx";
import type { MDXComponents } from "mdx/types";
import remarkMath from "remark-math";
import { rehypeKatexStatic } from "@/server/lessons/compile";

// ------------------------------------------------------------------ remark plugins

interface MdNode {
  type: string;
  value?: string;
  depth?: number;
  align?: (string | null)[];
  children?: MdNode[];
}

/** The prompt's own "# Title" duplicates the page heading: drop a leading level-1 heading. */
function remarkDropTitle() {
  return (tree: MdNode) => {
    const first = tree.children?.[0];
    if (first?.type === "heading" && first.depth === 1) tree.children!.shift();
  };
}

const DELIMITER = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;

/** Splits a paragraph's inline nodes into lines at "\n" inside text nodes. */
function linesOf(children: MdNode[]): MdNode[][] {
  const lines: MdNode[][] = [[]];
  for (const node of children) {
    if (node.type === "text") {
      const parts = (node.value ?? "").split("\n");
      parts.forEach((part, i) => {
        if (i > 0) lines.push([]);
        if (part) lines[lines.length - 1].push({ type: "text", value: part });
      });
    } else if (node.type === "break") {
      lines.push([]);
    } else {
      lines[lines.length - 1].push(node);
    }
  }
  return lines;
}

/** One table row: cells are separated by "|" in text nodes (a "|" inside `code` or $math$ is kept). */
function cellsOf(line: MdNode[]): MdNode[][] {
  const cells: MdNode[][] = [[]];
  for (const node of line) {
    if (node.type !== "text") {
      cells[cells.length - 1].push(node);
      continue;
    }
    const parts = (node.value ?? "").split("|");
    parts.forEach((part, i) => {
      if (i > 0) cells.push([]);
      if (part) cells[cells.length - 1].push({ type: "text", value: part });
    });
  }
  const blank = (c: MdNode[]) => c.every((n) => n.type === "text" && !(n.value ?? "").trim());
  if (cells.length > 1 && blank(cells[0])) cells.shift();
  if (cells.length > 1 && blank(cells[cells.length - 1])) cells.pop();
  for (const c of cells) {
    const first = c[0];
    const last = c[c.length - 1];
    if (first?.type === "text") first.value = first.value!.replace(/^\s+/, "");
    if (last?.type === "text") last.value = last.value!.replace(/\s+$/, "");
  }
  return cells;
}

/**
 * GitHub-style pipe tables without remark-gfm (not installed here): CommonMark reads a table as one
 * paragraph, so a paragraph whose second line is a delimiter row (|---|:--:|) becomes a table.
 */
function remarkPipeTables() {
  const convert = (p: MdNode): MdNode | null => {
    const lines = linesOf(p.children ?? []).filter((l) => l.length > 0);
    if (lines.length < 2) return null;
    const delim = lines[1];
    if (delim.length !== 1 || delim[0].type !== "text" || !DELIMITER.test((delim[0].value ?? "").trim())) return null;
    if (!lines[0].some((n) => n.type === "text" && (n.value ?? "").includes("|"))) return null;
    const align = (delim[0].value ?? "")
      .trim()
      .replace(/^\||\|$/g, "")
      .split("|")
      .map((s) => {
        const c = s.trim();
        return c.startsWith(":") && c.endsWith(":") ? "center" : c.endsWith(":") ? "right" : c.startsWith(":") ? "left" : null;
      });
    const rows = [lines[0], ...lines.slice(2)].map((l) => ({
      type: "tableRow",
      children: cellsOf(l).map((cell) => ({ type: "tableCell", children: cell })),
    }));
    return { type: "table", align, children: rows };
  };
  const visit = (node: MdNode) => {
    if (!node.children) return;
    node.children = node.children.map((child) => (child.type === "paragraph" ? (convert(child) ?? child) : child));
    for (const child of node.children) visit(child);
  };
  return (tree: MdNode) => visit(tree);
}

// ------------------------------------------------------------------ compile + cache

type Content = ComponentType<{ components?: MDXComponents }>;

const KEY = Symbol.for("convlab.prompts.cache");
type CacheHolder = { [KEY]?: Map<string, Promise<Content>> };

async function build(markdown: string): Promise<Content> {
  const file = await compile(markdown, {
    format: "md",
    outputFormat: "function-body",
    development: false,
    remarkPlugins: [remarkMath, remarkDropTitle, remarkPipeTables] as never,
    rehypePlugins: [rehypeKatexStatic] as never,
  });
  const mod = await run(String(file.value), { ...jsxRuntime, baseUrl: import.meta.url });
  return mod.default as Content;
}

function compiled(markdown: string): Promise<Content> {
  const map = ((globalThis as CacheHolder)[KEY] ??= new Map());
  const key = createHash("sha256").update(markdown).digest("base64url");
  let p = map.get(key);
  if (!p) {
    p = build(markdown);
    map.set(key, p);
    p.catch(() => map.delete(key));
  }
  return p;
}

// ------------------------------------------------------------------ look

function KatexInline({ html }: { html: string }) {
  return <span className="katex-inline" dangerouslySetInnerHTML={{ __html: html }} />;
}
function KatexBlock({ html }: { html: string }) {
  return <div className="my-4 overflow-x-auto overflow-y-hidden py-1 text-center" dangerouslySetInnerHTML={{ __html: html }} />;
}

const components: MDXComponents = {
  KatexInline,
  KatexBlock,
  h2: (p: ComponentPropsWithoutRef<"h2">) => <h2 className="mt-8 mb-3 text-base font-semibold text-slate-900 first:mt-0" {...p} />,
  h3: (p: ComponentPropsWithoutRef<"h3">) => <h3 className="mt-6 mb-2 text-[15px] font-semibold text-slate-900" {...p} />,
  h4: (p: ComponentPropsWithoutRef<"h4">) => <h4 className="mt-5 mb-2 text-sm font-semibold text-slate-900" {...p} />,
  p: (p: ComponentPropsWithoutRef<"p">) => <p className="my-3 leading-7" {...p} />,
  ul: (p: ComponentPropsWithoutRef<"ul">) => <ul className="my-3 list-disc space-y-1.5 pl-5 marker:text-slate-400" {...p} />,
  ol: (p: ComponentPropsWithoutRef<"ol">) => <ol className="my-3 list-decimal space-y-1.5 pl-5 marker:text-slate-400" {...p} />,
  li: (p: ComponentPropsWithoutRef<"li">) => <li className="leading-7 pl-1" {...p} />,
  a: (p: ComponentPropsWithoutRef<"a">) => <a className="font-medium text-brand-600 underline decoration-brand-200 underline-offset-2 hover:text-brand-700" {...p} />,
  strong: (p: ComponentPropsWithoutRef<"strong">) => <strong className="font-semibold text-slate-900" {...p} />,
  blockquote: (p: ComponentPropsWithoutRef<"blockquote">) => <blockquote className="my-4 border-l-4 border-brand-200 bg-brand-50/40 py-1 pl-4 text-slate-700" {...p} />,
  hr: () => <hr className="my-6 border-slate-200" />,
  pre: (p: ComponentPropsWithoutRef<"pre">) => (
    <pre
      className="my-4 overflow-x-auto rounded-lg bg-slate-900 px-4 py-3 font-mono text-[13px] leading-6 text-slate-100 [&>code]:bg-transparent [&>code]:p-0 [&>code]:text-inherit [&>code]:ring-0"
      {...p}
    />
  ),
  code: (p: ComponentPropsWithoutRef<"code">) => <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.88em] text-slate-800 ring-1 ring-slate-200/70" {...p} />,
  table: (p: ComponentPropsWithoutRef<"table">) => (
    <div className="my-4 overflow-x-auto rounded-lg ring-1 ring-slate-200">
      <table className="w-full border-collapse text-left text-sm" {...p} />
    </div>
  ),
  thead: (p: ComponentPropsWithoutRef<"thead">) => <thead className="bg-slate-50 text-slate-600" {...p} />,
  th: (p: ComponentPropsWithoutRef<"th">) => <th className="border-b border-slate-200 px-3 py-2 font-medium" {...p} />,
  td: (p: ComponentPropsWithoutRef<"td">) => <td className="border-b border-slate-100 px-3 py-2 align-top" {...p} />,
};

export async function Prompt({ markdown, fallback }: { markdown: string; fallback: ReactNode }) {
  if (!markdown.trim()) return <>{fallback}</>;
  const Content = await compiled(markdown);
  return (
    <div className="prompt text-[15px] text-slate-700" data-testid="prompt">
      <Content components={components} />
    </div>
  );
}
