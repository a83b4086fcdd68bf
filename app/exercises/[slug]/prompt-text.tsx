// Just enough Markdown for a task description until the real exercise page (with the lesson
// renderer) replaces this: headings, paragraphs, fenced code and `inline code`. Everything is
// rendered as React text, never as HTML, so a prompt cannot inject markup.
import type { ReactNode } from "react";

function inline(text: string): ReactNode[] {
  return text.split(/(`[^`]+`)/g).map((part, i) =>
    part.startsWith("`") && part.endsWith("`") && part.length > 2 ? (
      <code key={i} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em] text-slate-800">
        {part.slice(1, -1)}
      </code>
    ) : (
      part
    ),
  );
}

export function PromptText({ markdown }: { markdown: string }) {
  const blocks: ReactNode[] = [];
  const lines = markdown.replace(/\r\n/g, "\n").split("\n");
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push(<p key={blocks.length}>{inline(paragraph.join(" "))}</p>);
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith("```")) {
      flush();
      const code: string[] = [];
      while (++i < lines.length && !lines[i].startsWith("```")) code.push(lines[i]);
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
    } else if (!line.trim()) {
      flush();
    } else {
      paragraph.push(line.trim());
    }
  }
  flush();
  return <div className="space-y-4 text-[15px] leading-7 text-slate-800">{blocks}</div>;
}
