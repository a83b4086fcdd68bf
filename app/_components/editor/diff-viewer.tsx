"use client";
// Two versions of a student's code side by side (or inline), read-only, with Monaco's diff editor.
// Load it through ./index (next/dynamic, no SSR).
import { useEffect } from "react";
import { DiffEditor } from "@monaco-editor/react";
import { monaco } from "./monaco";
import { baseOptions, defineTheme, THEME } from "./theme";
import { configureTypeScript } from "./typescript-env";
import { EditorSkeleton } from "./skeleton";

export interface DiffViewerProps {
  original: string;
  modified: string;
  /** unique per pair, so Monaco never mixes up the models of two comparisons */
  id: string;
  sideBySide: boolean;
}

export default function DiffViewer({ original, modified, id, sideBySide }: DiffViewerProps) {
  const originalPath = `file:///diff/${id}/original.ts`;
  const modifiedPath = `file:///diff/${id}/modified.ts`;
  // @monaco-editor/react 4.7 disposes the models before the diff widget lets go of them ("TextModel
  // got disposed before DiffEditorWidget model got reset"): keep them, and dispose them afterwards
  useEffect(
    () => () => {
      setTimeout(() => {
        for (const p of [originalPath, modifiedPath]) monaco.editor.getModel(monaco.Uri.parse(p))?.dispose();
      }, 0);
    },
    [originalPath, modifiedPath],
  );
  return (
    <DiffEditor
      original={original}
      modified={modified}
      language="typescript"
      originalModelPath={originalPath}
      modifiedModelPath={modifiedPath}
      keepCurrentOriginalModel
      keepCurrentModifiedModel
      theme={THEME}
      beforeMount={(m) => {
        defineTheme(m as typeof monaco);
        configureTypeScript(m as typeof monaco);
      }}
      loading={<EditorSkeleton />}
      options={{
        ...baseOptions,
        readOnly: true,
        originalEditable: false,
        renderSideBySide: sideBySide,
        useInlineViewWhenSpaceIsLimited: true,
        renderOverviewRuler: false,
        hideUnchangedRegions: { enabled: false },
        wordWrap: "on",
        diffWordWrap: "on",
        renderMarginRevertIcon: false,
      }}
    />
  );
}
