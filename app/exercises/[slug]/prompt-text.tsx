// Just enough Markdown for a task description until the real exercise page (with the lesson
// renderer and KaTeX) replaces this placeholder: headings, paragraphs, lists, **bold**, `code`,
// fenced code; tables and $math$ are shown as their source text. Everything is rendered as React
// text, never as HTML, so a prompt cannot inject markup.
import type { ReactNode } from "react";

function inline(text: string): ReactNode[] {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g).map((part, i) => {
    if (part.length > 2 && part.startsWith("`") && part.endsWith("`")) {
      return (
        <code key={i} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em] text-slate-800">
          {part.slice(1, -1)}
        </code>
      );
    }
    if (part.length > 4 && part.startsWith("**") && part.endsWith("**")) return <strong key={i}>{part.slice(2, -2)}</strong>;
    return part;
  });
}

const LIST_ITEM = /^\s*(?:[-*]|\d+\.)\s+/;

export function PromptText({ markdown }: { markdown: string }) {
  const blocks: ReactNode[] = [];
  const lines = markdown.replace(/\r\n/g, "\n").split("\n");
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push(<p key={blocks.length}>{inline(paragraph.join(" "))}</p>);
    paragraph = [];
  };
  // collects consecutive lines matching `test` starting at lines[i]; returns the index after them
  const take = (i: number, test: (line: string) => boolean, out: string[]) => {
    while (i < lines.length && test(lines[i])) out.push(lines[i++]);
    return i;
  };

  for (let i = 0; i < lines.length; ) {
    const line = lines[i];
    if (line.startsWith("```")) {
      flush();
      const code: string[] = [];
      i = take(i + 1, (l) => !l.startsWith("```"), code) + 1;
      blocks.push(
        <pre key={blocks.length} className="overflow-x-auto rounded-lg bg-slate-900 p-4 font-mono text-sm leading-6 text-slate-100">
          {code.join("\n")}
        </pre>,
      );
    } else if (/^#{1,6}\s/.test(line)) {
      flush();
      const level = line.match(/^#+/)![0].length;
      const text = inline(line.replace(/^#+\s*/, ""));
      blocks.push(
        level <= 2 ? (
          <h2 key={blocks.length} className="text-lg font-semibold text-slate-900">{text}</h2>
        ) : (
          <h3 key={blocks.length} className="font-semibold text-slate-900">{text}</h3>
        ),
      );
      i++;
    } else if (LIST_ITEM.test(line)) {
      flush();
      const items: string[] = [];
      i = take(i, (l) => LIST_ITEM.test(l), items);
      blocks.push(
        <ul key={blocks.length} className="list-disc space-y-1 pl-6">
          {items.map((item, k) => (
            <li key={k}>{inline(item.replace(LIST_ITEM, ""))}</li>
          ))}
        </ul>,
      );
    } else if (line.trimStart().startsWith("|")) {
      flush();
      const rows: string[] = [];
      i = take(i, (l) => l.trimStart().startsWith("|"), rows);
      blocks.push(
        <pre key={blocks.length} className="overflow-x-auto rounded-lg bg-slate-50 p-4 font-mono text-sm leading-6 text-slate-700 ring-1 ring-slate-200">
          {rows.join("\n")}
        </pre>,
      );
    } else {
      if (line.trim()) paragraph.push(line.trim());
      else flush();
      i++;
    }
  }
  flush();
  return <div className="space-y-4 text-[15px] leading-7 text-slate-800">{blocks}</div>;
}
