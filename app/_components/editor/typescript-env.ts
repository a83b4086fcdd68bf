// The TypeScript world the student's code lives in, as Monaco's language service sees it: the same
// as the grader's sandbox (plain ECMAScript 2022 plus console, no DOM, no imports), and a hidden
// "signature check" file that imports the student's entry function and assigns it to the type the
// grader expects. Its type errors are shown on the student's own code.
import type { Monaco } from "./monaco";
import type { editor as MonacoEditor, Uri } from "monaco-editor/editor/editor.api";

/** One folder per exercise, so leaving one exercise for another never reuses its model. */
export function solutionUri(slug: string): string {
  return `file:///exercises/${slug}/solution.ts`;
}

/** The sandbox has console (its output is shown with the results) and nothing of a browser or Node. */
const SANDBOX_DTS = `
/** The grader's sandbox: console output appears under "Console output" with your results. */
interface Console {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
  table(data: unknown): void;
}
declare var console: Console;
`;

let configured = false;

/** Once per page: compiler options of the sandbox and its globals. */
export function configureTypeScript(monaco: Monaco): void {
  if (configured) return;
  configured = true;
  const ts = monaco.typescript;
  ts.typescriptDefaults.setCompilerOptions({
    target: ts.ScriptTarget.ES2020,
    lib: ["es2022"],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    strict: true,
    noImplicitReturns: true,
    noFallthroughCasesInSwitch: true,
    allowNonTsExtensions: true,
    isolatedModules: true,
  });
  ts.typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
  ts.typescriptDefaults.setExtraLibs([{ content: SANDBOX_DTS, filePath: "file:///convlab/sandbox.d.ts" }]);
  ts.typescriptDefaults.setInlayHintsOptions({});
}

/** `function conv2d(a: T): R` → a file that fails to type-check unless the student's export fits it. */
export function signatureCheckSource(signature: string, entry: string): string {
  const expected = signature.trim().replace(/^(?:export\s+)?function\s+[A-Za-z_$][\w$]*/, "function __expected");
  return [
    `import { ${entry} as __student } from "./solution";`,
    `declare ${expected.replace(/;\s*$/, "")};`,
    `const __check: typeof __expected = __student;`,
    `export {};`,
    "",
  ].join("\n");
}

export interface SignatureProblem {
  /** TypeScript's explanation, flattened */
  detail: string;
  /** "missing": the entry function is not exported at all */
  kind: "missing" | "mismatch";
}

function flatten(message: string | { messageText: string; next?: unknown[] }, indent = 0): string {
  if (typeof message === "string") return message;
  const next = (message.next ?? []) as { messageText: string; next?: unknown[] }[];
  return [" ".repeat(indent) + message.messageText, ...next.map((n) => flatten(n, indent + 2))].join("\n");
}

/**
 * Type-checks the student's exported entry against the expected signature, in Monaco's TypeScript
 * worker. Returns null when it fits (or when the check cannot run: the grader has the last word).
 */
export async function checkSignature(monaco: Monaco, solution: MonacoEditor.ITextModel, signature: string, entry: string): Promise<SignatureProblem | null> {
  if (!entry) return null;
  const source = signatureCheckSource(signature, entry);
  // next to the solution, so `import … from "./solution"` resolves to it
  const uri: Uri = monaco.Uri.joinPath(solution.uri, "..", "__signature_check__.ts");
  let model = monaco.editor.getModel(uri);
  if (!model) model = monaco.editor.createModel(source, "typescript", uri);
  else if (model.getValue() !== source) model.setValue(source);
  try {
    const getWorker = await monaco.typescript.getTypeScriptWorker();
    const worker = await getWorker(model.uri, solution.uri);
    const diagnostics = await worker.getSemanticDiagnostics(model.uri.toString());
    const lines = source.split("\n");
    const importEnd = lines[0].length;
    const checkStart = lines.slice(0, 2).join("\n").length + 1;
    for (const d of diagnostics) {
      const start = d.start ?? -1;
      const detail = flatten(d.messageText as string | { messageText: string; next?: unknown[] });
      // "Module has no exported member 'conv2d'" (or the file is not a module at all)
      if (start >= 0 && start < importEnd) return { kind: "missing", detail };
      if (start >= checkStart) return { kind: "mismatch", detail };
    }
  } catch {
    // the worker is still starting or was disposed: say nothing rather than something wrong
  }
  return null;
}

/** Where to put a signature problem in the student's code: the entry function's name, else line 1. */
export function entryRange(model: MonacoEditor.ITextModel, entry: string): { startLineNumber: number; startColumn: number; endLineNumber: number; endColumn: number } {
  const match = model.findMatches(`function\\s+${entry}\\b`, false, true, true, null, false)[0];
  if (match) return match.range;
  return { startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: model.getLineMaxColumn(1) };
}
