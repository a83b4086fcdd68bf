// Compiles one lesson (MDX) to the body of a JavaScript function with @mdx-js/mdx, on the server.
//
// Pipeline: remark-math finds $…$ and $$…$$; remarkHeadingIds gives every ## and ### heading a
// stable id (written in the source as a trailing comment, `## 填充 {/* #padding */}`, so the
// Chinese and English files share their anchors) and collects the table of contents; then
// rehypeKatexStatic renders each formula with KaTeX *at compile time* and leaves the finished HTML
// in the compiled code as a string, so nothing math-related runs in the browser or per request.
//
// Why not rehype-katex: rehype-katex 7 renders with its own nested katex 0.16.x, whose HTML
// (`.base`, `.strut`) does not match the stylesheet of the pinned katex 0.19.1 (`.katex-base`,
// `.katex-strut`) that the lesson pages import. Rendering with the same katex as the stylesheet
// keeps markup and CSS from one version.
import { compile } from "@mdx-js/mdx";
import type { Root as MdastRoot } from "mdast";
import type { Root as HastRoot } from "hast";
import type { VFile } from "vfile";
import type { Position } from "unist";
import remarkMath from "remark-math";
import katex from "katex";

export interface TocEntry {
  depth: 2 | 3;
  id: string;
  text: string;
}

export interface CompiledLesson {
  /** function body: run it with @mdx-js/mdx `run` and the React JSX runtime */
  code: string;
  toc: TocEntry[];
  /** KaTeX errors and duplicate ids; a correct lesson has none (tests/unit/lessons.test.ts) */
  problems: string[];
}

/** Macros available in every formula. */
export const KATEX_MACROS: Record<string, string> = {
  "\\R": "\\mathbb{R}",
};

// ---------------------------------------------------------------- minimal tree types

interface UNode {
  type: string;
  value?: string;
  children?: UNode[];
  depth?: number;
  data?: { hProperties?: Record<string, unknown> } & Record<string, unknown>;
  tagName?: string;
  properties?: Record<string, unknown>;
  position?: Position;
  [key: string]: unknown;
}

function textOf(node: UNode): string {
  if (node.type === "text" || node.type === "inlineCode" || node.type === "inlineMath") return node.value ?? "";
  if (node.type === "mdxTextExpression") return "";
  return (node.children ?? []).map(textOf).join("");
}

/** URL-safe id from heading text; keeps CJK characters (browsers accept them in fragments). */
export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize("NFKC")
      .replace(/[^\p{L}\p{N}\s-]/gu, "")
      .trim()
      .replace(/\s+/g, "-")
      .replace(/-+/g, "-") || "section"
  );
}

const ID_COMMENT = /^\s*\/\*\s*#([A-Za-z0-9][\w-]*)\s*\*\/\s*$/;

/** remark: explicit heading ids from `{/* #id *\/}` and the table of contents (## and ###). */
export function remarkHeadingIds() {
  return (root: MdastRoot, file: VFile) => {
    const tree = root as unknown as UNode;
    const toc: TocEntry[] = [];
    const seen = new Set<string>();
    const visit = (node: UNode) => {
      if (node.type === "heading" && (node.depth === 2 || node.depth === 3)) {
        const children = node.children ?? [];
        let id: string | undefined;
        const last = children[children.length - 1];
        if (last?.type === "mdxTextExpression" && ID_COMMENT.test(last.value ?? "")) {
          id = ID_COMMENT.exec(last.value ?? "")![1];
          children.pop();
          const before = children[children.length - 1];
          if (before?.type === "text" && before.value) before.value = before.value.replace(/\s+$/, "");
        }
        const text = textOf(node).trim();
        id ??= slugify(text);
        if (seen.has(id)) {
          file.message(`duplicate heading id "${id}"`, { place: node.position, ruleId: "duplicate-id", source: "lessons" });
          let n = 2;
          while (seen.has(`${id}-${n}`)) n++;
          id = `${id}-${n}`;
        }
        seen.add(id);
        node.data = { ...node.data, hProperties: { ...node.data?.hProperties, id } };
        toc.push({ depth: node.depth, id, text });
        return;
      }
      for (const child of node.children ?? []) visit(child);
    };
    visit(tree);
    (file.data as { toc?: TocEntry[] }).toc = toc;
  };
}

function classesOf(node: UNode): string[] {
  const c = node.properties?.className;
  return Array.isArray(c) ? (c as string[]) : typeof c === "string" ? c.split(/\s+/) : [];
}

/** Renders one formula with the pinned KaTeX; errors are reported, not thrown. */
export function renderMath(tex: string, displayMode: boolean): { html: string; error?: string } {
  const options = { displayMode, output: "htmlAndMathml" as const, macros: { ...KATEX_MACROS }, strict: "error" as const };
  try {
    return { html: katex.renderToString(tex, { ...options, throwOnError: true }) };
  } catch (e) {
    return { html: katex.renderToString(tex, { ...options, strict: "ignore", throwOnError: false }), error: (e as Error).message };
  }
}

/**
 * rehype: replaces remark-math's `<code class="math-inline">` and `<pre><code class="math-display">`
 * with `<KatexInline html="…"/>` / `<KatexBlock html="…"/>`, whose html is KaTeX's finished markup.
 */
export function rehypeKatexStatic() {
  return (root: HastRoot, file: VFile) => {
    const tree = root as unknown as UNode;
    const replace = (node: UNode): UNode => {
      if (node.type === "element") {
        const classes = classesOf(node);
        const display = classes.includes("math-display");
        if (display || classes.includes("math-inline")) {
          const tex = textOf(node);
          const { html, error } = renderMath(tex, display);
          if (error) file.message(`KaTeX: ${error} in ${JSON.stringify(tex)}`, { place: node.position, ruleId: "katex", source: "lessons" });
          return {
            type: display ? "mdxJsxFlowElement" : "mdxJsxTextElement",
            name: display ? "KatexBlock" : "KatexInline",
            attributes: [{ type: "mdxJsxAttribute", name: "html", value: html }],
            children: [],
          };
        }
      }
      if (node.children) node.children = node.children.map(replace);
      // display math arrives as <pre><code class="language-math math-display">: drop the <pre>
      if (node.type === "element" && node.tagName === "pre" && node.children?.length === 1 && node.children[0].type === "mdxJsxFlowElement") {
        return node.children[0];
      }
      return node;
    };
    replace(tree);
  };
}

export async function compileLesson(source: string, path = "lesson.mdx"): Promise<CompiledLesson> {
  const file = await compile(
    { value: source, path },
    {
      outputFormat: "function-body",
      remarkPlugins: [remarkMath, remarkHeadingIds],
      rehypePlugins: [rehypeKatexStatic],
      development: false,
    },
  );
  const problems = file.messages.map((m) => `${path}:${m.line ?? "?"}:${m.column ?? "?"} ${m.reason}`);
  return { code: String(file.value), toc: (file.data.toc as TocEntry[] | undefined) ?? [], problems };
}
