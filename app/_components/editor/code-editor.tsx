"use client";
// The student's code editor: Monaco from the app bundle with the sandbox's TypeScript setup, a live
// check of the exported function against the exercise's signature, keyboard shortcuts for run /
// submit / save, and markers for errors the grader reported. Load it through ./index (next/dynamic,
// no SSR): Monaco only ever reaches the browser on exercise pages.
import { useEffect, useRef } from "react";
import Editor, { type OnMount } from "@monaco-editor/react";
import type { editor as MonacoEditor, IDisposable } from "monaco-editor/editor/editor.api";
import { monaco } from "./monaco";
import { baseOptions, defineTheme, THEME } from "./theme";
import { checkSignature, configureTypeScript, entryRange, solutionUri } from "./typescript-env";
import { EditorSkeleton } from "./skeleton";

export interface GraderMarker {
  line: number;
  column?: number;
  message: string;
}

/** What the page may do with the editor. */
export interface EditorApi {
  getValue(): string;
  /** replaces the whole text as one undoable edit (Ctrl+Z brings the old code back) */
  replaceAll(text: string): void;
  focus(): void;
  revealPosition(line: number, column?: number): void;
  setGraderMarkers(markers: GraderMarker[]): void;
}

export interface CodeEditorProps {
  /** exercise id: names the editor's file, so each exercise has its own model */
  slug: string;
  initialValue: string;
  signature: string;
  entry: string;
  ariaLabel: string;
  /** texts for the signature check, in the UI language */
  messages: { missing: string; mismatch: string };
  onChange?(value: string): void;
  onReady?(api: EditorApi): void;
  onRun?(): void;
  onSubmit?(): void;
  onSave?(): void;
}

const SIGNATURE_OWNER = "convlab-signature";
const GRADER_OWNER = "convlab-grader";

export default function CodeEditor(props: CodeEditorProps) {
  // the latest callbacks, for Monaco commands registered once at mount
  const latest = useRef(props);
  latest.current = props;
  const disposables = useRef<IDisposable[]>([]);

  useEffect(() => {
    const list = disposables.current;
    return () => {
      for (const d of list) d.dispose();
    };
  }, []);

  const onMount: OnMount = (ed) => {
    const model = ed.getModel();
    if (!model) return;
    model.updateOptions({ tabSize: 2, insertSpaces: true });
    const { KeyMod, KeyCode } = monaco;
    ed.addCommand(KeyMod.CtrlCmd | KeyCode.Enter, () => latest.current.onRun?.());
    ed.addCommand(KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.Enter, () => latest.current.onSubmit?.());
    ed.addCommand(KeyMod.CtrlCmd | KeyCode.KeyS, () => latest.current.onSave?.());

    // signature check, debounced: the language service needs a moment after each keystroke anyway
    let timer: ReturnType<typeof setTimeout> | undefined;
    let generation = 0;
    const runCheck = () => {
      const mine = ++generation;
      const { signature, entry, messages } = latest.current;
      void checkSignature(monaco, model, signature, entry).then((problem) => {
        if (mine !== generation || model.isDisposed()) return;
        monaco.editor.setModelMarkers(
          model,
          SIGNATURE_OWNER,
          problem
            ? [
                {
                  ...entryRange(model, entry),
                  severity: monaco.MarkerSeverity.Error,
                  message: `${problem.kind === "missing" ? messages.missing : messages.mismatch}\n\n${problem.detail}`,
                  source: "ConvLab",
                },
              ]
            : [],
        );
      });
    };
    const schedule = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(runCheck, ms);
    };
    schedule(1200);

    let graderMarkersShown = false;
    disposables.current.push(
      model.onDidChangeContent(() => {
        latest.current.onChange?.(model.getValue());
        schedule(700);
        // the grader's markers describe the code as it was submitted
        if (graderMarkersShown) {
          monaco.editor.setModelMarkers(model, GRADER_OWNER, []);
          graderMarkersShown = false;
        }
      }),
      { dispose: () => clearTimeout(timer) },
    );

    const api: EditorApi = {
      getValue: () => model.getValue(),
      replaceAll(text) {
        ed.pushUndoStop();
        ed.executeEdits("convlab", [{ range: model.getFullModelRange(), text, forceMoveMarkers: true }]);
        ed.pushUndoStop();
        ed.setPosition({ lineNumber: 1, column: 1 });
        ed.revealLine(1);
      },
      focus: () => ed.focus(),
      revealPosition(line, column = 1) {
        const lineNumber = Math.min(Math.max(1, line), model.getLineCount());
        ed.revealLineInCenter(lineNumber);
        ed.setPosition({ lineNumber, column: Math.max(1, column) });
        ed.focus();
      },
      setGraderMarkers(markers) {
        const list: MonacoEditor.IMarkerData[] = markers.map((m) => {
          const lineNumber = Math.min(Math.max(1, m.line), model.getLineCount());
          const startColumn = m.column && m.column > 0 ? m.column : model.getLineFirstNonWhitespaceColumn(lineNumber) || 1;
          return { startLineNumber: lineNumber, startColumn, endLineNumber: lineNumber, endColumn: model.getLineMaxColumn(lineNumber), severity: monaco.MarkerSeverity.Error, message: m.message, source: "ConvLab" };
        });
        monaco.editor.setModelMarkers(model, GRADER_OWNER, list);
        graderMarkersShown = list.length > 0;
      },
    };
    latest.current.onReady?.(api);
  };

  return (
    <Editor
      path={solutionUri(props.slug)}
      defaultLanguage="typescript"
      defaultValue={props.initialValue}
      theme={THEME}
      beforeMount={(m) => {
        defineTheme(m as typeof monaco);
        configureTypeScript(m as typeof monaco);
      }}
      onMount={onMount}
      loading={<EditorSkeleton />}
      options={{ ...baseOptions, ariaLabel: props.ariaLabel, tabSize: 2 }}
    />
  );
}
