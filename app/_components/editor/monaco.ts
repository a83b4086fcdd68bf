// Monaco for ConvLab, bundled from node_modules/monaco-editor by Next (never from a CDN: classrooms
// may have no internet). Only what a TypeScript exercise needs is imported: the editor core, the
// TypeScript language service, and the editing features students use (completion, hover, errors,
// find, folding, comments, multi-cursor, diff view). The 80 other languages, CSS/HTML/JSON
// services and the LSP client of `import "monaco-editor"` are left out, which keeps the exercise
// page's JavaScript much smaller.
//
// Import this module only from client components that are loaded with next/dynamic({ ssr: false }):
// it touches `self` and the DOM at import time.
import { loader } from "@monaco-editor/react";
import * as api from "monaco-editor/editor/editor.api";
import * as typescript from "monaco-editor/languages/features/typescript/register";
// syntax colouring (Monarch) of TypeScript; loaded lazily by Monaco when a model needs it
import "monaco-editor/languages/definitions/typescript/register";

// editing features (the list of monaco-editor/editor/editor.main, minus what an exercise never uses)
// the icon font (suggest widget, light bulb, folding arrows...); a .js entry because the package's
// exports map only reaches files as "<path>.js"
import "monaco-editor/features/codicon/register";
import "monaco-editor/editor/browser/widget/codeEditor/codeEditorWidget";
import "monaco-editor/editor/browser/widget/diffEditor/diffEditor.contribution";
import "monaco-editor/editor/browser/coreCommands";
import "monaco-editor/editor/common/standaloneStrings";
import "monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching";
import "monaco-editor/editor/contrib/caretOperations/browser/caretOperations";
import "monaco-editor/editor/contrib/clipboard/browser/clipboard";
import "monaco-editor/editor/contrib/codeAction/browser/codeActionContributions";
import "monaco-editor/editor/contrib/comment/browser/comment";
import "monaco-editor/editor/contrib/contextmenu/browser/contextmenu";
import "monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo";
import "monaco-editor/editor/contrib/dropOrPasteInto/browser/copyPasteContribution";
import "monaco-editor/features/find/register";
import "monaco-editor/editor/contrib/folding/browser/folding";
import "monaco-editor/editor/contrib/format/browser/formatActions";
import "monaco-editor/editor/contrib/gotoError/browser/gotoError";
import "monaco-editor/editor/contrib/gotoError/browser/markerSelectionStatus";
import "monaco-editor/editor/contrib/gotoSymbol/browser/goToCommands";
import "monaco-editor/editor/contrib/gotoSymbol/browser/link/goToDefinitionAtPosition";
import "monaco-editor/editor/contrib/hover/browser/hoverContribution";
import "monaco-editor/editor/contrib/indentation/browser/indentation";
import "monaco-editor/editor/contrib/lineSelection/browser/lineSelection";
import "monaco-editor/editor/contrib/linesOperations/browser/linesOperations";
import "monaco-editor/editor/contrib/multicursor/browser/multicursor";
import "monaco-editor/editor/contrib/parameterHints/browser/parameterHints";
import "monaco-editor/editor/contrib/readOnlyMessage/browser/contribution";
import "monaco-editor/editor/contrib/rename/browser/rename";
import "monaco-editor/editor/contrib/smartSelect/browser/smartSelect";
import "monaco-editor/editor/contrib/snippet/browser/snippetController2";
import "monaco-editor/editor/contrib/suggest/browser/suggestController";
import "monaco-editor/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode";
import "monaco-editor/editor/contrib/tokenization/browser/tokenization";
// warns about look-alike characters: a full-width "，" or "（" typed with a Chinese IME
import "monaco-editor/editor/contrib/unicodeHighlighter/browser/unicodeHighlighter";
import "monaco-editor/editor/contrib/unusualLineTerminators/browser/unusualLineTerminators";
import "monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter";
import "monaco-editor/editor/contrib/wordOperations/browser/wordOperations";
import "monaco-editor/editor/contrib/wordPartOperations/browser/wordPartOperations";

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
