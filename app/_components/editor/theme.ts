// Editor look shared by the code editor and the diff viewer: a light theme in the app's palette.
import type { Monaco } from "./monaco";
import type { editor } from "monaco-editor/editor/editor.api";

export const THEME = "convlab-light";

let defined = false;

export function defineTheme(monaco: Monaco): void {
  if (defined) return;
  defined = true;
  monaco.editor.defineTheme(THEME, {
    base: "vs",
    inherit: true,
    rules: [
      { token: "comment", foreground: "64748b", fontStyle: "italic" },
      { token: "keyword", foreground: "4338ca" },
      { token: "number", foreground: "0f766e" },
      { token: "string", foreground: "b45309" },
      { token: "type", foreground: "0e7490" },
      { token: "type.identifier", foreground: "0e7490" },
    ],
    colors: {
      "editor.background": "#ffffff",
      "editor.lineHighlightBackground": "#f8fafc",
      "editor.lineHighlightBorder": "#f1f5f9",
      "editorLineNumber.foreground": "#cbd5e1",
      "editorLineNumber.activeForeground": "#475569",
      "editorIndentGuide.background1": "#f1f5f9",
      "editorIndentGuide.activeBackground1": "#cbd5e1",
      "editor.selectionBackground": "#c7d2fe",
      "editor.inactiveSelectionBackground": "#e0e7ff",
      "editorCursor.foreground": "#4f46e5",
      "editorWidget.background": "#ffffff",
      "editorWidget.border": "#e2e8f0",
      "editorHoverWidget.background": "#ffffff",
      "editorHoverWidget.border": "#e2e8f0",
      "editorSuggestWidget.background": "#ffffff",
      "editorSuggestWidget.border": "#e2e8f0",
      "editorSuggestWidget.selectedBackground": "#eef2ff",
      "scrollbarSlider.background": "#cbd5e166",
      "scrollbarSlider.hoverBackground": "#94a3b888",
      "diffEditor.insertedTextBackground": "#22c55e26",
      "diffEditor.removedTextBackground": "#ef444426",
      "diffEditor.insertedLineBackground": "#22c55e14",
      "diffEditor.removedLineBackground": "#ef444414",
    },
  });
}

export const MONO_FONT = `ui-monospace, "SFMono-Regular", "JetBrains Mono", "Cascadia Code", Menlo, Consolas, "Noto Sans Mono CJK SC", "Microsoft YaHei Mono", monospace`;

export const baseOptions: editor.IEditorOptions = {
  fontFamily: MONO_FONT,
  fontSize: 14,
  lineHeight: 22,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  automaticLayout: true,
  renderLineHighlight: "all",
  padding: { top: 12, bottom: 12 },
  fixedOverflowWidgets: true,
  smoothScrolling: true,
  scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10, useShadows: false },
  overviewRulerBorder: false,
  guides: { indentation: true },
  bracketPairColorization: { enabled: true },
  stickyScroll: { enabled: false },
};
