// Synthetic handwriting-free "MNIST": the digits 0-9 rendered from fonts with @napi-rs/canvas,
// fully seeded (seedrandom), for the cnn-digits exercise (a model graded by training it).
//
// Each sample: one digit, white on black, drawn straight onto a small SIZE x SIZE canvas with a
// random font face / weight, glyph height, aspect, rotation and offset, then Gaussian pixel noise.
// Values are grayscale in [0, 1], layout NHWC ([SIZE, SIZE, 1] per image, row-major).
//
// Fonts come from npm packages in package.json, never from the system (so the data set is the
// same on every machine): Inter (variable weight, upright + italic; @fontsource-variable/inter,
// OFL-1.1) and KaTeX's text faces (katex, OFL-1.1). All of them are required: a missing face
// would silently change every seeded data set, so it is an error instead. The approach (bundled
// fonts, registered under our own family names) follows server/tensor/cnnctc/synth.ts.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createCanvas, GlobalFonts } from "@napi-rs/canvas";
import seedrandom from "seedrandom";

/** image side in pixels */
export const IMAGE_SIZE = 16;
export const NUM_CLASSES = 10;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;

interface Face {
  file: string;
  family: string;
  /** variable-weight font: weight is drawn from [300, 800] */
  variable: boolean;
  italic: boolean;
}

const FACE_FILES: Omit<Face, "family">[] = [
  { file: "@fontsource-variable/inter/files/inter-latin-wght-normal.woff2", variable: true, italic: false },
  { file: "@fontsource-variable/inter/files/inter-latin-wght-italic.woff2", variable: true, italic: true },
  { file: "katex/dist/fonts/KaTeX_Main-Regular.ttf", variable: false, italic: false },
  { file: "katex/dist/fonts/KaTeX_Main-Bold.ttf", variable: false, italic: false },
  { file: "katex/dist/fonts/KaTeX_Main-Italic.ttf", variable: false, italic: true },
  { file: "katex/dist/fonts/KaTeX_SansSerif-Regular.ttf", variable: false, italic: false },
  { file: "katex/dist/fonts/KaTeX_SansSerif-Bold.ttf", variable: false, italic: false },
  { file: "katex/dist/fonts/KaTeX_Typewriter-Regular.ttf", variable: false, italic: false },
];

function nodeModulesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const nm = path.join(dir, "node_modules");
    if (fs.existsSync(path.join(nm, "katex")) && fs.existsSync(path.join(nm, "@fontsource-variable"))) return nm;
    const up = path.dirname(dir);
    if (up === dir) throw new Error("digits: node_modules with katex and @fontsource-variable/inter not found");
    dir = up;
  }
}

let faces: Face[] | null = null;

/** Registers the bundled faces once, as "ConvlabDigits..." families (system fonts never leak in). */
export function digitFaces(): Face[] {
  if (faces) return faces;
  const nm = nodeModulesDir();
  const out: Face[] = [];
  for (const f of FACE_FILES) {
    const file = path.join(nm, f.file);
    if (!fs.existsSync(file)) throw new Error(`digits: font ${f.file} is missing (npm install)`);
    const family = "ConvlabDigits" + path.basename(f.file).replace(/\.(woff2|ttf)$/, "").replace(/[^A-Za-z0-9]/g, "");
    GlobalFonts.registerFromPath(file, family);
    out.push({ ...f, family });
  }
  faces = out;
  return out;
}

export type Rng = () => number;
const uniform = (rng: Rng, a: number, b: number) => a + (b - a) * rng();
function gaussian(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const canvas = createCanvas(IMAGE_SIZE, IMAGE_SIZE);
const ctx = canvas.getContext("2d");

/** glyphs are measured at this size and drawn scaled */
const REF_PX = 100;
type InkBox = Pick<TextMetrics, "actualBoundingBoxAscent" | "actualBoundingBoxDescent" | "actualBoundingBoxLeft" | "actualBoundingBoxRight">;
const metricCache = new Map<string, InkBox>();
/** ink box of `text` in the current ctx.font (= `font`), cached: measuring is most of the render time */
function metrics(font: string, text: string): InkBox {
  const key = `${font}|${text}`;
  let m = metricCache.get(key);
  if (!m) {
    const t = ctx.measureText(text);
    m = { actualBoundingBoxAscent: t.actualBoundingBoxAscent, actualBoundingBoxDescent: t.actualBoundingBoxDescent, actualBoundingBoxLeft: t.actualBoundingBoxLeft, actualBoundingBoxRight: t.actualBoundingBoxRight };
    metricCache.set(key, m);
  }
  return m;
}

/** Draws one digit into `dst` (PIXELS floats in [0, 1]) at `offset`. Deterministic for an rng state. */
export function renderDigit(digit: number, rng: Rng, dst: Float32Array = new Float32Array(PIXELS), offset = 0): Float32Array {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new Error(`digits: ${digit} is not a digit`);
  const all = digitFaces();
  const face = all[Math.floor(rng() * all.length)];
  const weight = face.variable ? 100 * (4 + Math.floor(rng() * 5)) : 400;
  // glyph (ink) height as a fraction of the image
  const inkH = uniform(rng, 0.65, 0.9) * IMAGE_SIZE;
  const aspect = uniform(rng, 0.85, 1.15);
  const angle = (uniform(rng, -10, 10) * Math.PI) / 180;
  const text = String(digit);

  // measure at a reference size, then scale so the ink box has the wanted height
  const font = `${face.italic ? "italic " : ""}${weight} ${REF_PX}px ${face.family}`;
  ctx.font = font;
  const m = metrics(font, text);
  const refInk = Math.max(1, m.actualBoundingBoxAscent + m.actualBoundingBoxDescent);
  const scale = inkH / refInk;
  const inkW = (m.actualBoundingBoxLeft + m.actualBoundingBoxRight) * scale * aspect;
  // centre of the ink box relative to the text origin, at reference size
  const cx = (m.actualBoundingBoxRight - m.actualBoundingBoxLeft) / 2;
  const cy = (m.actualBoundingBoxDescent - m.actualBoundingBoxAscent) / 2;
  // offset: anywhere that keeps the (rotated) ink box inside the frame
  const cos = Math.abs(Math.cos(angle));
  const sin = Math.abs(Math.sin(angle));
  const boxW = inkW * cos + inkH * sin;
  const boxH = inkW * sin + inkH * cos;
  const slackX = Math.max(0, (IMAGE_SIZE - boxW) / 2);
  const slackY = Math.max(0, (IMAGE_SIZE - boxH) / 2);
  const dx = uniform(rng, -slackX, slackX);
  const dy = uniform(rng, -slackY, slackY);

  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = "#000";
  ctx.fillRect(0, 0, IMAGE_SIZE, IMAGE_SIZE);
  ctx.translate(IMAGE_SIZE / 2 + dx, IMAGE_SIZE / 2 + dy);
  ctx.rotate(angle);
  ctx.scale(scale * aspect, scale);
  ctx.translate(-cx, -cy);
  ctx.fillStyle = "#fff";
  ctx.textBaseline = "alphabetic";
  ctx.textAlign = "left";
  ctx.fillText(text, 0, 0);
  ctx.setTransform(1, 0, 0, 1, 0, 0);

  const rgba = ctx.getImageData(0, 0, IMAGE_SIZE, IMAGE_SIZE).data;
  const contrast = uniform(rng, 0.7, 1);
  const sigma = uniform(rng, 0, 0.1);
  for (let i = 0; i < PIXELS; i++) {
    const v = (rgba[4 * i] / 255) * contrast + sigma * gaussian(rng);
    dst[offset + i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  return dst;
}

export interface DigitSet {
  /** count x SIZE x SIZE grayscale values in [0, 1], NHWC */
  images: Float32Array;
  labels: Int32Array;
  count: number;
}

/** `count` digits with balanced classes in a seeded random order. Same (seed, split, count) -> same bytes. */
export function digitSet(seed: number | string, split: "train" | "test", count: number): DigitSet {
  const rng = seedrandom(`cnn-digits/${seed}/${split}`);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) labels[i] = i % NUM_CLASSES;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = labels[i];
    labels[i] = labels[j];
    labels[j] = t;
  }
  const images = new Float32Array(count * PIXELS);
  for (let i = 0; i < count; i++) renderDigit(labels[i], rng, images, i * PIXELS);
  return { images, labels, count };
}

/** ASCII art of one image, for debugging and for the prompt's example. */
export function asciiDigit(set: DigitSet, index: number): string {
  const ramp = " .:-=+*#%@";
  const rows: string[] = [];
  for (let y = 0; y < IMAGE_SIZE; y++) {
    let row = "";
    for (let x = 0; x < IMAGE_SIZE; x++) row += ramp[Math.min(9, Math.floor(set.images[index * PIXELS + y * IMAGE_SIZE + x] * 10))];
    rows.push(row);
  }
  return rows.join("\n");
}
