// AIPP configuration (--insert_op_conf): a text-format prototxt with one `aipp_op { ... }` block
// (schema: hicann/ge graph_metadef/proto/insert_op.proto, domi.AippOpParams). The lab implements
// static AIPP with input_format RGB888_U8 and per-channel normalisation:
//   pixel_out_chx(i) = [pixel_in_chx(i) - mean_chn_i - min_chn_i] * var_reci_chn_i
// With AIPP the model input becomes uint8 NHWC (the AIPP output is what the network sees).
import { E } from "./messages";

export interface AippConfig {
  file: string;
  aipp_mode: string;
  input_format: string;
  src_image_size_w?: number;
  src_image_size_h?: number;
  mean_chn_0?: number; mean_chn_1?: number; mean_chn_2?: number; mean_chn_3?: number;
  min_chn_0?: number; min_chn_1?: number; min_chn_2?: number; min_chn_3?: number;
  var_reci_chn_0?: number; var_reci_chn_1?: number; var_reci_chn_2?: number; var_reci_chn_3?: number;
}

const NUMERIC = /^(src_image_size_[wh]|mean_chn_[0-3]|min_chn_[0-3]|var_reci_chn_[0-3]|load_start_pos_[wh]|crop_size_[wh]|related_input_rank|matrix_r\dc\d|output_bias_\d|input_bias_\d|padding_size_(top|bottom|left|right))$/;
const BOOLEAN = /^(crop|csc_switch|rbuv_swap_switch|ax_swap_switch|resize|padding)$/;
const KNOWN = /^(aipp_mode|input_format)$/;
const FORMATS = ["YUV420SP_U8", "XRGB8888_U8", "RGB888_U8", "YUV400_U8", "NC1HWC0DI_FP16", "NC1HWC0DI_S8", "ARGB8888_U8", "YUYV_U8", "YUV422SP_U8", "AYUV444_U8", "RAW10", "RAW12", "RAW16", "RAW24"];

/** Parses an AIPP config file. Throws AtcError (E19018 for syntax, E10001 for unsupported values). */
export function parseAipp(file: string, text: string): AippConfig {
  const body = text.replace(/#[^\n]*/g, "");
  const m = /aipp_op\s*\{([\s\S]*?)\}/.exec(body);
  if (!m) throw E.E19018(file);
  if (/aipp_op\s*\{[\s\S]*?\}[\s\S]*aipp_op\s*\{/.test(body)) throw E.E10001(file, "--insert_op_conf", "the lab supports one aipp_op block (one model input)");
  const cfg: Record<string, string | number | boolean> = {};
  // text format: "key : value" pairs separated by whitespace, newlines or ';'
  const pair = /([A-Za-z0-9_]+)\s*:\s*("[^"]*"|[^\s;{}"]+)/g;
  if (m[1].replace(pair, "").replace(/[\s;]/g, "") !== "") throw E.E19018(file);
  for (const kv of m[1].matchAll(pair)) {
    const key = kv[1];
    const raw = kv[2].replace(/^"|"$/g, "");
    if (NUMERIC.test(key)) {
      const v = Number(raw);
      if (!Number.isFinite(v)) throw E.E19018(file);
      cfg[key] = v;
    } else if (BOOLEAN.test(key)) {
      if (raw !== "true" && raw !== "false") throw E.E19018(file);
      cfg[key] = raw === "true";
    } else if (KNOWN.test(key)) cfg[key] = raw;
    else throw E.E19018(file);
  }
  if (cfg.aipp_mode !== "static" && cfg.aipp_mode !== "dynamic") throw E.E10001(String(cfg.aipp_mode ?? ""), "aipp_mode", "aipp_mode must be static or dynamic");
  if (cfg.aipp_mode === "dynamic") throw E.E10001("dynamic", "aipp_mode", "the virtual board implements static AIPP only");
  const fmt = String(cfg.input_format ?? "");
  if (!FORMATS.includes(fmt)) throw E.E10001(fmt, "input_format", `input_format must be one of ${FORMATS.join(", ")}`);
  if (fmt !== "RGB888_U8") throw E.E10001(fmt, "input_format", "the virtual board implements RGB888_U8 AIPP input only");
  for (const k of ["crop", "csc_switch", "resize", "padding", "rbuv_swap_switch", "ax_swap_switch"]) {
    if (cfg[k] === true) throw E.E10001("true", k, `the virtual board implements AIPP with ${k}: false only`);
  }
  return { file, ...(cfg as object) } as AippConfig;
}
