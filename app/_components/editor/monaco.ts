// Monaco for ConvLab, bundled from node_modules/monaco-editor by Next (never from a CDN: classrooms
// may have no internet). Only what a TypeScript exercise needs is imported: the editor core, the
// TypeScript language service and the editing features. The 80 other languages, the CSS/HTML/JSON
// language services and the LSP client that `import "monaco-editor"` would add are left out.
//
// Import this module only from client components that are loaded with next/dynamic({ ssr: false }):
// it touches `self` and the DOM at import time.
import { loader } from "@monaco-editor/react";
import * as api from "monaco-editor/editor/editor.api";
import * as typescript from "monaco-editor/languages/features/typescript/register";
// syntax colouring (Monarch) of TypeScript; loaded lazily by Monaco when a model needs it
import "monaco-editor/languages/definitions/typescript/register";

// Every editor feature (suggest, hover, find, folding, diff...) and the codicon font. Monaco's
// TypeScript worker manager imports this same module, but lazily: contributions registered after
// the first editor exists miss their services ("depends on UNKNOWN service ICodeLensCache"), so it
// is imported here, up front.
import "monaco-editor/internal/common/workers";

export type Monaco = typeof api & { typescript: typeof typescript };

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

// Workers come from the app bundle too. Paths WITHOUT the "esm/vs/" prefix: monaco-editor 0.57's
// package.json maps "./*" to "./esm/vs/*.js" (notes/stack-on-this-machine.md §7).
self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    if (label === "typescript" || label === "javascript") {
      return new Worker(new URL("monaco-editor/language/typescript/ts.worker.js", import.meta.url), { type: "module" });
    }
    return new Worker(new URL("monaco-editor/editor/editor.worker.js", import.meta.url), { type: "module" });
  },
};

export const monaco: Monaco = { ...api, typescript };

// @monaco-editor/react would otherwise fetch Monaco from cdn.jsdelivr.net
loader.config({ monaco });
