"use client";
// One version of a student's code, read-only, highlighted like the editor. Load it through ./index.
import Editor from "@monaco-editor/react";
import { monaco } from "./monaco";
import { baseOptions, defineTheme, THEME } from "./theme";
import { configureTypeScript } from "./typescript-env";
import { EditorSkeleton } from "./skeleton";

export default function CodeViewer({ code, id }: { code: string; id: string }) {
  return (
    <Editor
      value={code}
      language="typescript"
      path={`file:///view/${id}.ts`}
      theme={THEME}
      beforeMount={(m) => {
        defineTheme(m as typeof monaco);
        configureTypeScript(m as typeof monaco);
      }}
      loading={<EditorSkeleton />}
      options={{ ...baseOptions, readOnly: true, domReadOnly: true, renderValidationDecorations: "off", wordWrap: "on" }}
    />
  );
}
