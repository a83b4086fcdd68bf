"use client";
// Two versions of a student's code side by side (or inline), read-only, with Monaco's diff editor.
// Load it through ./index (next/dynamic, no SSR).
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
  return (
    <DiffEditor
      original={original}
      modified={modified}
      language="typescript"
      originalModelPath={`file:///diff/${id}/original.ts`}
      modifiedModelPath={`file:///diff/${id}/modified.ts`}
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
        diffWordWrap: "off",
        renderMarginRevertIcon: false,
      }}
    />
  );
}
