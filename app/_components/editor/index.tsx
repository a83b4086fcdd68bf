"use client";
// The editors, loaded on demand: Monaco (and its TypeScript worker) is only downloaded by pages that
// render one of these, never by the rest of the app. No server rendering: Monaco needs the DOM.
import dynamic from "next/dynamic";
import { EditorSkeleton } from "./skeleton";

export type { EditorApi, GraderMarker, CodeEditorProps } from "./code-editor";

export const CodeEditor = dynamic(() => import("./code-editor"), { ssr: false, loading: () => <EditorSkeleton /> });
export const DiffViewer = dynamic(() => import("./diff-viewer"), { ssr: false, loading: () => <EditorSkeleton /> });
export const CodeViewer = dynamic(() => import("./code-viewer"), { ssr: false, loading: () => <EditorSkeleton /> });
