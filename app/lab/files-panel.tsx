"use client";
// The board's files as a small file manager: browse folders, upload (button or drag and drop)
// into the folder shown, download a file, export a model into the home folder.
// Uploads go in chunks of 128 KiB (the API refuses request bodies over 256 KiB); the server joins
// them and puts the file on the board only when the last one has arrived.
import { useMemo, useRef, useState, type DragEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { useI18n } from "@/app/_i18n/provider";
import { errorMessage } from "@/app/_i18n/errors";
import { Card, buttonClass } from "@/app/_components/ui";
import type { LabBoard, LabFile } from "./types";
import { HOME, base, humanBytes, parent, tildify } from "./paths";

/** = server/lab-store/uploads.ts UPLOAD_CHUNK_BYTES */
const CHUNK_BYTES = 128 * 1024;
const FORMATS = ["AIR", "MINDIR", "ONNX"] as const;

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

type Notice = { tone: "ok" | "error"; text: string };

export function FilesPanel(props: { board: LabBoard; onBoard(b: LabBoard): void; onNotice(n: Notice | null): void; onCd(dir: string): void }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [dir, setDir] = useState(HOME);
  const [progress, setProgress] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [format, setFormat] = useState<(typeof FORMATS)[number]>("AIR");
  const input = useRef<HTMLInputElement>(null);
  const upload = useMutation(trpc.lab.upload.mutationOptions());
  const exportModel = useMutation(trpc.lab.exportModel.mutationOptions());

  const known = new Set(props.board.files.map((f) => f.path));
  const shown = dir === HOME || known.has(dir) ? dir : HOME; // the folder may have been removed in the terminal
  const entries = useMemo(() => {
    const list = props.board.files.filter((f) => parent(f.path) === shown);
    return list.sort((a, b) => (a.kind === b.kind ? base(a.path).localeCompare(base(b.path), "en") : a.kind === "dir" ? -1 : 1));
  }, [props.board.files, shown]);
  const crumbs = useMemo(() => {
    const rel = tildify(shown).split("/");
    return rel.map((name, i) => ({ name, path: i === 0 ? (name === "~" ? HOME : "/" + name) : HOME + "/" + rel.slice(1, i + 1).join("/") }));
  }, [shown]);

  const busy = progress !== null;

  async function uploadFiles(files: FileList | File[]) {
    props.onNotice(null);
    for (const file of Array.from(files)) {
      const target = `${shown}/${file.name}`;
      try {
        setProgress(t("lab.files.uploading", { name: file.name, percent: 0 }));
        const bytes = new Uint8Array(await file.arrayBuffer());
        let result;
        if (bytes.length <= CHUNK_BYTES) {
          result = await upload.mutateAsync({ path: target, base64: toBase64(bytes) });
        } else {
          const count = Math.ceil(bytes.length / CHUNK_BYTES);
          const id = crypto.randomUUID().replace(/-/g, "");
          for (let i = 0; i < count; i++) {
            const part = bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES);
            result = await upload.mutateAsync({ path: target, base64: toBase64(part), part: { id, index: i, count, size: bytes.length } });
            setProgress(t("lab.files.uploading", { name: file.name, percent: Math.round(((i + 1) / count) * 100) }));
          }
        }
        if (result?.done) {
          props.onBoard(result.board);
          props.onNotice({ tone: "ok", text: result.message[locale] });
        }
      } catch (e) {
        props.onNotice({ tone: "error", text: errorMessage(e, locale) });
        break;
      } finally {
        setProgress(null);
      }
    }
  }

  async function download(f: LabFile) {
    props.onNotice(null);
    setProgress(t("lab.files.downloading"));
    try {
      const r = await queryClient.fetchQuery({ ...trpc.lab.download.queryOptions({ path: f.path }), staleTime: 0, gcTime: 0 });
      const url = URL.createObjectURL(new Blob([fromBase64(r.base64)], { type: "application/octet-stream" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = r.name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      props.onNotice({ tone: "error", text: errorMessage(e, locale) });
    } finally {
      setProgress(null);
    }
  }

  async function doExport(source: "course" | { modelJson: string }, fmt: (typeof FORMATS)[number]) {
    props.onNotice(null);
    setProgress(t("lab.export.working"));
    try {
      const r = await exportModel.mutateAsync({ source, format: fmt, ...(source === "course" ? { name: `cnnctc_export` } : {}) });
      props.onBoard(r.board);
      props.onNotice({ tone: "ok", text: r.message[locale] });
    } catch (e) {
      props.onNotice({ tone: "error", text: errorMessage(e, locale) });
    } finally {
      setProgress(null);
    }
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer.files.length && !busy) void uploadFiles(e.dataTransfer.files);
  };

  return (
    <Card
      className={`flex flex-col p-5 transition ${dragging ? "ring-2 ring-brand-400" : ""}`}
      data-testid="lab-files"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="flex items-center justify-between gap-3">
        <h2 className="text-sm font-semibold text-slate-900">{t("lab.files.title")}</h2>
        <div className="flex items-center gap-2">
          <input
            ref={input}
            type="file"
            multiple
            className="hidden"
            data-testid="lab-upload-input"
            onChange={(e) => {
              if (e.target.files?.length) void uploadFiles(e.target.files);
              e.target.value = "";
            }}
          />
          <button type="button" className={buttonClass("primary", "px-3 py-1.5 sm:px-3 text-xs")} onClick={() => input.current?.click()} disabled={busy} data-testid="lab-upload">
            <svg viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.7" aria-hidden="true">
              <path d="M10 13V4M6.5 7.5L10 4l3.5 3.5M4 13.5V16h12v-2.5" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            {t("lab.files.upload")}
          </button>
        </div>
      </div>

      <nav className="mt-3 flex flex-wrap items-center gap-1 font-mono text-xs text-slate-500" aria-label={t("lab.files.title")}>
        {shown !== "/" && (
          <button type="button" onClick={() => setDir(parent(shown))} className="mr-1 rounded p-1 hover:bg-slate-100 hover:text-slate-900" title={t("lab.files.up")} aria-label={t("lab.files.up")}>
            <svg viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.7" aria-hidden="true">
              <path d="M10 15V5M5.5 9.5L10 5l4.5 4.5" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </button>
        )}
        {crumbs.map((c, i) => (
          <span key={c.path} className="flex items-center gap-1">
            {i > 0 && <span className="text-slate-300">/</span>}
            <button type="button" onClick={() => setDir(c.path)} className={`rounded px-1 py-0.5 hover:bg-slate-100 ${i === crumbs.length - 1 ? "font-semibold text-slate-800" : ""}`}>
              {c.name}
            </button>
          </span>
        ))}
        <button type="button" onClick={() => props.onCd(shown)} className="ml-auto rounded px-1.5 py-0.5 text-[11px] text-brand-700 hover:bg-brand-50" title={t("lab.files.toTerminal")}>
          $ cd
        </button>
      </nav>

      <div className="mt-2 max-h-72 min-h-32 overflow-auto rounded-xl ring-1 ring-slate-200" data-testid="lab-file-list">
        {entries.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">{t("lab.files.empty")}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {entries.map((f) => {
              const name = base(f.path);
              const children = f.kind === "dir" ? props.board.files.filter((x) => parent(x.path) === f.path).length : 0;
              return (
                <li key={f.path} className="group flex items-center gap-2.5 px-3 py-1.5 hover:bg-slate-50" data-testid="lab-file" data-path={f.path}>
                  {f.kind === "dir" ? <FolderIcon /> : <FileIcon name={name} />}
                  {f.kind === "dir" ? (
                    <button type="button" className="min-w-0 flex-1 truncate text-left font-medium text-slate-800 hover:text-brand-700" onClick={() => setDir(f.path)}>
                      {name}/
                    </button>
                  ) : (
                    <span className="min-w-0 flex-1 truncate text-slate-800" title={f.path}>
                      {name}
                    </span>
                  )}
                  {name === "model.json" && (
                    <button type="button" className="rounded px-1.5 py-0.5 text-[11px] font-medium text-brand-700 hover:bg-brand-50" title={t("lab.export.mineHint")} disabled={busy} onClick={() => void doExport({ modelJson: f.path }, "ONNX")}>
                      {t("lab.export.mine")}
                    </button>
                  )}
                  <span className="w-16 shrink-0 text-right text-xs tabular-nums text-slate-400">{f.kind === "dir" ? (children === 1 ? t("lab.files.item") : t("lab.files.items", { count: children })) : humanBytes(f.size)}</span>
                  {f.kind === "file" ? (
                    <button
                      type="button"
                      className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-800 disabled:opacity-40"
                      title={`${t("lab.files.download")} ${name}`}
                      aria-label={`${t("lab.files.download")} ${name}`}
                      disabled={busy}
                      onClick={() => void download(f)}
                      data-testid="lab-download"
                    >
                      <svg viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.7" aria-hidden="true">
                        <path d="M10 4v9M6.5 9.5L10 13l3.5-3.5M4 14v2h12v-2" strokeLinecap="round" strokeLinejoin="round" />
                      </svg>
                    </button>
                  ) : (
                    <span className="w-6" />
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>
      <p className="mt-2 min-h-5 text-xs text-slate-500" aria-live="polite" data-testid="lab-files-status">
        {progress ?? t("lab.files.drop")}
      </p>

      <div className="mt-3 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200">
        <h3 className="text-sm font-medium text-slate-900">{t("lab.export.title")}</h3>
        <p className="mt-1 text-xs leading-5 text-slate-500">{t("lab.export.body")}</p>
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <label className="flex items-center gap-2 text-xs text-slate-600">
            {t("lab.export.format")}
            <select value={format} onChange={(e) => setFormat(e.target.value as (typeof FORMATS)[number])} className="rounded-lg border-0 bg-white py-1.5 pr-8 pl-2.5 text-sm text-slate-800 ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-500" data-testid="lab-export-format">
              {FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f === "AIR" ? "AIR (.air)" : f === "MINDIR" ? "MindIR (.mindir)" : "ONNX (.onnx)"}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className={buttonClass("secondary", "px-3 py-1.5 sm:px-3 text-xs")} disabled={busy} onClick={() => void doExport("course", format)} data-testid="lab-export">
            {t("lab.export.button")} → ~/cnnctc_export.{format === "MINDIR" ? "mindir" : format.toLowerCase()}
          </button>
        </div>
      </div>
    </Card>
  );
}

function FolderIcon() {
  return (
    <svg viewBox="0 0 20 20" className="h-4 w-4 shrink-0 text-amber-500" fill="currentColor" aria-hidden="true">
      <path d="M2.5 5.5A1.5 1.5 0 0 1 4 4h3.6l1.6 1.8H16a1.5 1.5 0 0 1 1.5 1.5v7.2A1.5 1.5 0 0 1 16 16H4a1.5 1.5 0 0 1-1.5-1.5v-9z" />
    </svg>
  );
}

function FileIcon({ name }: { name: string }) {
  const ext = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : "";
  const tone = ["om", "air", "mindir", "onnx"].includes(ext) ? "text-brand-600" : ["py", "sh", "ipynb"].includes(ext) ? "text-emerald-600" : ["png", "jpg", "jpeg"].includes(ext) ? "text-fuchsia-500" : "text-slate-400";
  return (
    <svg viewBox="0 0 20 20" className={`h-4 w-4 shrink-0 ${tone}`} fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <path d="M5 2.5h6.5L15.5 6.5v11H5z" strokeLinejoin="round" />
      <path d="M11.5 2.5v4h4" strokeLinejoin="round" />
    </svg>
  );
}
