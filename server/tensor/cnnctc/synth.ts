// Synthetic word images for CNNCTC, rendered with @napi-rs/canvas and fully seeded (seedrandom).
//
// Each sample: render a word with a random font/size/weight/spacing/colours/rotation on a canvas
// sized to the word plus margins, then resize to 100x32 (as the course notebook's
// `img_PIL.resize((100, 32), resample=3)` does with any input photo), optionally blur, add noise.
// Pixels are returned exactly as the notebook feeds the board: raw 0-255 RGB floats, no mean/std
// normalisation. Layout is NHWC ([32,100,3] per image) because tfjs is channels-last; toNchw()
// gives the board's 1x3x32x100 layout.
//
// Fonts come from npm packages already in package.json, never from the system:
// Inter (variable weight, upright + italic; @fontsource-variable/inter, OFL-1.1) and the KaTeX
// text fonts (Main serif regular/bold/italic, SansSerif regular/bold/italic, Typewriter; katex,
// OFL-1.1/MIT). KaTeX fonts are optional: if the katex package is missing only Inter is used (and
// seeded datasets then differ from the shipped model's training data).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createCanvas, GlobalFonts, type Canvas, type SKRSContext2D } from "@napi-rs/canvas";
import seedrandom from "seedrandom";
import { encodeLabel, IMG_H, IMG_W, isValidWord, MAX_LABEL_LENGTH, CHARACTERS } from "./charset";
import { COMMON_WORDS } from "./words";

export type Rng = () => number;
export const makeRng = (seed: string | number): Rng => seedrandom(String(seed));

// ---------------------------------------------------------------------------------------------
// fonts

interface FontFace { family: string; file: string; variableWeight: boolean; italic: boolean; weight: number }
const FONT_FILES: Omit<FontFace, "family">[] = [
  { file: "@fontsource-variable/inter/files/inter-latin-wght-normal.woff2", variableWeight: true, italic: false, weight: 4 },
  { file: "@fontsource-variable/inter/files/inter-latin-wght-italic.woff2", variableWeight: true, italic: true, weight: 1.5 },
  { file: "katex/dist/fonts/KaTeX_Main-Regular.ttf", variableWeight: false, italic: false, weight: 1.5 },
  { file: "katex/dist/fonts/KaTeX_Main-Bold.ttf", variableWeight: false, italic: false, weight: 1 },
  { file: "katex/dist/fonts/KaTeX_Main-Italic.ttf", variableWeight: false, italic: true, weight: 0.7 },
  { file: "katex/dist/fonts/KaTeX_SansSerif-Regular.ttf", variableWeight: false, italic: false, weight: 1 },
  { file: "katex/dist/fonts/KaTeX_SansSerif-Bold.ttf", variableWeight: false, italic: false, weight: 1 },
  { file: "katex/dist/fonts/KaTeX_SansSerif-Italic.ttf", variableWeight: false, italic: true, weight: 0.5 },
  { file: "katex/dist/fonts/KaTeX_Typewriter-Regular.ttf", variableWeight: false, italic: false, weight: 1 },
];

function nodeModulesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const nm = path.join(dir, "node_modules");
    if (fs.existsSync(path.join(nm, "@fontsource-variable"))) return nm;
    const up = path.dirname(dir);
    if (up === dir) throw new Error("synth: node_modules with @fontsource-variable/inter not found");
    dir = up;
  }
}

let fonts: FontFace[] | null = null;
/** Registers the bundled fonts once (family names prefixed "Cnnctc" so system fonts never leak in). */
export function registerFonts(): FontFace[] {
  if (fonts) return fonts;
  const nm = nodeModulesDir();
  fonts = [];
  for (const f of FONT_FILES) {
    const file = path.join(nm, f.file);
    if (!fs.existsSync(file)) continue;
    const family = "Cnnctc" + path.basename(f.file).replace(/\.(woff2|ttf)$/, "").replace(/[^A-Za-z0-9]/g, "");
    GlobalFonts.registerFromPath(file, family);
    fonts.push({ ...f, family });
  }
  if (!fonts.some((f) => f.file.includes("inter"))) throw new Error("synth: Inter font not found");
  return fonts;
}

// ---------------------------------------------------------------------------------------------
// random helpers

const uniform = (rng: Rng, a: number, b: number) => a + (b - a) * rng();
const randInt = (rng: Rng, a: number, b: number) => Math.floor(uniform(rng, a, b + 1)); // inclusive
function gaussian(rng: Rng): number {
  const u = Math.max(rng(), 1e-12), v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
function pickWeighted<T extends { weight: number }>(rng: Rng, items: T[]): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let r = rng() * total;
  for (const i of items) if ((r -= i.weight) <= 0) return i;
  return items[items.length - 1];
}
const luma = (c: number[]) => 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
const rgb = (c: number[], a = 1) => `rgba(${c[0] | 0},${c[1] | 0},${c[2] | 0},${a})`;
const randColor = (rng: Rng) => [randInt(rng, 0, 255), randInt(rng, 0, 255), randInt(rng, 0, 255)];

// ---------------------------------------------------------------------------------------------
// rendering

export interface RenderOptions {
  /** black Inter on white, no rotation/noise/blur (demo images such as "parking") */
  clean?: boolean;
  /**
   * 0..1 (default 1): scales the nuisance factors -- share of non-Inter fonts, letter spacing,
   * minimum colour contrast, gradients, clutter lines, outlines, rotation, blur and noise.
   * Training starts easy and ramps up to 1 (curriculum); evaluation always uses 1.
   */
  difficulty?: number;
}

const out = createCanvas(IMG_W, IMG_H);
const outCtx = out.getContext("2d");

/** Draws `word` on a canvas sized to the text + margins and resizes it to 100x32. Returns the 100x32 canvas (shared; copy before the next call). */
function drawWord(word: string, rng: Rng, opts: RenderOptions): Canvas {
  const faces = registerFonts();
  const clean = opts.clean ?? false;
  const d = clean ? 0 : Math.min(1, Math.max(0, opts.difficulty ?? 1));
  const face = clean || rng() < 0.7 * (1 - d) ? faces[0] : pickWeighted(rng, faces);
  const size = clean ? 40 : randInt(rng, 22, 44);
  const weight = face.variableWeight && !clean ? 100 * randInt(rng, 3, 8) : 400;
  const font = `${face.italic ? "italic " : ""}${weight} ${size}px ${face.family}`;
  const spacing = !clean && rng() < 0.3 * d ? uniform(rng, -0.04, 0.25) * size : 0;

  const measureCtx = outCtx;
  measureCtx.font = font;
  const m = measureCtx.measureText(word);
  const advances = spacing ? [...word].map((ch) => measureCtx.measureText(ch).width) : [];
  const textW = spacing ? advances.reduce((a, b) => a + b, 0) + spacing * (word.length - 1) : m.width;
  // vertical extent: somewhere between the tight ink box and the font's full ascent/descent
  const tight = clean ? 0.5 : rng();
  const asc = tight * m.actualBoundingBoxAscent + (1 - tight) * Math.max(m.fontBoundingBoxAscent, m.actualBoundingBoxAscent);
  const desc = tight * m.actualBoundingBoxDescent + (1 - tight) * Math.max(m.fontBoundingBoxDescent, m.actualBoundingBoxDescent);
  const boxH = Math.max(asc + desc, size * 0.5);
  let ml = (clean ? 0.15 : uniform(rng, 0.04, 0.35)) * boxH, mr = (clean ? 0.15 : uniform(rng, 0.04, 0.35)) * boxH;
  let mt = (clean ? 0.12 : uniform(rng, 0.03, 0.25)) * boxH, mb = (clean ? 0.12 : uniform(rng, 0.03, 0.25)) * boxH;
  // jitter moves the text by at most half of the smaller margin, so it never leaves the crop
  const jx = clean ? 0 : uniform(rng, -0.5, 0.5) * Math.min(ml, mr);
  const jy = clean ? 0 : uniform(rng, -0.5, 0.5) * Math.min(mt, mb);
  // rotation: grow the margins by how far the rotated text box reaches out, so no glyph is cut
  const angle = !clean && rng() < 0.6 ? uniform(rng, -3, 3) * d * Math.PI / 180 : 0;
  const sinA = Math.abs(Math.sin(angle));
  mt += sinA * textW / 2;
  mb += sinA * textW / 2;
  ml += sinA * boxH / 2;
  mr += sinA * boxH / 2;
  const H = Math.max(8, Math.ceil(boxH + mt + mb));
  // short words: a crop is rarely stretched to 100x32 from a much narrower box, so widen the box
  // (extra background on both sides) up to a random minimum aspect ratio between 1.2 and 3.1
  const minW = H * (clean ? 1.2 : uniform(rng, 1.2, 3.1));
  const naturalW = textW + ml + mr;
  if (naturalW < minW) {
    const extra = minW - naturalW, f = clean ? 0.5 : uniform(rng, 0.2, 0.8);
    ml += extra * f;
    mr += extra * (1 - f);
  }
  const W = Math.max(8, Math.ceil(textW + ml + mr));
  const cv = createCanvas(W, H);
  const ctx = cv.getContext("2d");

  // background: solid or a gentle gradient; foreground with enough contrast
  const minContrast = 70 + 110 * (1 - d);
  let bg = clean ? [255, 255, 255] : randColor(rng);
  let fg = clean ? [0, 0, 0] : randColor(rng);
  for (let i = 0; !clean && Math.abs(luma(bg) - luma(fg)) < minContrast && i < 20; i++) fg = randColor(rng);
  if (!clean && Math.abs(luma(bg) - luma(fg)) < minContrast) fg = luma(bg) > 128 ? [randInt(rng, 0, 40), randInt(rng, 0, 40), randInt(rng, 0, 40)] : [randInt(rng, 215, 255), randInt(rng, 215, 255), randInt(rng, 215, 255)];
  if (Math.abs(luma(bg) - luma(fg)) < minContrast) bg = luma(fg) > 128 ? [0, 0, 0] : [255, 255, 255];
  if (!clean && rng() < 0.3 * d) {
    // horizontal, vertical or diagonal (a zero-length gradient would paint nothing at all)
    const dir = randInt(rng, 0, 2);
    const g = ctx.createLinearGradient(0, 0, dir === 1 ? 0 : W, dir === 0 ? 0 : H);
    const bg2 = bg.map((c) => Math.min(255, Math.max(0, c + randInt(rng, -40, 40))));
    g.addColorStop(0, rgb(bg));
    g.addColorStop(1, rgb(bg2));
    ctx.fillStyle = g;
  } else ctx.fillStyle = rgb(bg);
  ctx.fillRect(0, 0, W, H);
  // low-contrast clutter lines behind the text
  if (!clean && rng() < 0.2 * d) {
    const n = randInt(rng, 1, 3);
    for (let i = 0; i < n; i++) {
      ctx.strokeStyle = rgb(bg.map((c, k) => c + (fg[k] - c) * uniform(rng, 0.15, 0.35)));
      ctx.lineWidth = uniform(rng, 0.5, 2);
      ctx.beginPath();
      ctx.moveTo(uniform(rng, 0, W), uniform(rng, 0, H));
      ctx.lineTo(uniform(rng, 0, W), uniform(rng, 0, H));
      ctx.stroke();
    }
  }

  ctx.save();
  ctx.translate(W / 2 + jx, H / 2 + jy);
  ctx.rotate(angle);
  ctx.translate(-W / 2, -H / 2);
  ctx.font = font;
  ctx.textBaseline = "alphabetic";
  const x0 = ml, y0 = mt + asc;
  const outline = !clean && rng() < 0.1 * d;
  if (outline) {
    // an outline in another colour that also stands out from the background
    let oc = randColor(rng);
    for (let i = 0; Math.abs(luma(bg) - luma(oc)) < minContrast && i < 20; i++) oc = randColor(rng);
    if (Math.abs(luma(bg) - luma(oc)) < minContrast) oc = fg;
    ctx.strokeStyle = rgb(oc);
    ctx.lineWidth = uniform(rng, 0.5, 1.5) * size / 30;
  }
  ctx.fillStyle = rgb(fg);
  if (spacing) {
    let x = x0;
    [...word].forEach((ch, i) => {
      if (outline) ctx.strokeText(ch, x, y0);
      ctx.fillText(ch, x, y0);
      x += advances[i] + spacing;
    });
  } else {
    if (outline) ctx.strokeText(word, x0, y0);
    ctx.fillText(word, x0, y0);
  }
  ctx.restore();

  // resize to 100x32 (the notebook uses PIL bicubic; skia's high-quality filter is the closest)
  outCtx.imageSmoothingEnabled = true;
  outCtx.imageSmoothingQuality = "high";
  outCtx.clearRect(0, 0, IMG_W, IMG_H);
  outCtx.drawImage(cv, 0, 0, W, H, 0, 0, IMG_W, IMG_H);
  return out;
}

const PIXELS = IMG_H * IMG_W * 3;

/**
 * One word -> Float32Array of 32*100*3 raw 0-255 RGB values (NHWC, row-major), written into `dst`
 * at `offset` when given. Deterministic for a given rng state.
 */
export function renderWord(word: string, rng: Rng, opts: RenderOptions = {}, dst?: Float32Array, offset = 0): Float32Array {
  if (!isValidWord(word)) throw new Error(`synth: ${JSON.stringify(word)} is not 1-${MAX_LABEL_LENGTH} characters of 0-9a-z`);
  const cv = drawWord(word, rng, opts);
  const rgba = cv.getContext("2d").getImageData(0, 0, IMG_W, IMG_H).data;
  const target: Float32Array = dst ?? new Float32Array(PIXELS);
  const o = dst ? offset : 0;
  const img = new Float32Array(PIXELS);
  for (let i = 0, j = 0; i < IMG_W * IMG_H; i++, j += 4) {
    // every pixel must be painted: a transparent pixel would read back as black
    if (rgba[j + 3] !== 255) throw new Error(`synth: unpainted pixel rendering ${JSON.stringify(word)}`);
    img[i * 3] = rgba[j]; img[i * 3 + 1] = rgba[j + 1]; img[i * 3 + 2] = rgba[j + 2];
  }
  const d = opts.clean ? 0 : Math.min(1, Math.max(0, opts.difficulty ?? 1));
  if (!opts.clean && rng() < 0.35 * d) {
    // [1 2 1]/4 separable blur, blended in with a random strength
    const a = uniform(rng, 0.3, 1);
    const blurred = boxBlur121(img);
    for (let i = 0; i < PIXELS; i++) img[i] = (1 - a) * img[i] + a * blurred[i];
  }
  const sigma = opts.clean ? 0 : rng() < 0.7 ? uniform(rng, 0, 14) * d : 0;
  for (let i = 0; i < PIXELS; i++) {
    let v = img[i] + (sigma ? sigma * gaussian(rng) : 0);
    v = Math.round(v);
    target[o + i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return target;
}

function boxBlur121(img: Float32Array): Float32Array {
  const tmp = new Float32Array(img.length), res = new Float32Array(img.length);
  const idx = (y: number, x: number, c: number) => (y * IMG_W + x) * 3 + c;
  for (let y = 0; y < IMG_H; y++) for (let x = 0; x < IMG_W; x++) for (let c = 0; c < 3; c++) {
    const l = img[idx(y, Math.max(0, x - 1), c)], r = img[idx(y, Math.min(IMG_W - 1, x + 1), c)];
    tmp[idx(y, x, c)] = (l + 2 * img[idx(y, x, c)] + r) / 4;
  }
  for (let y = 0; y < IMG_H; y++) for (let x = 0; x < IMG_W; x++) for (let c = 0; c < 3; c++) {
    const u = tmp[idx(Math.max(0, y - 1), x, c)], d = tmp[idx(Math.min(IMG_H - 1, y + 1), x, c)];
    res[idx(y, x, c)] = (u + 2 * tmp[idx(y, x, c)] + d) / 4;
  }
  return res;
}

export interface Batch {
  /** B*32*100*3 raw 0-255 RGB, NHWC */
  images: Float32Array;
  /** class indices per word (blank = 0 never appears) */
  labels: number[][];
  words: string[];
}

export function renderBatch(words: readonly string[], rng: Rng, opts: RenderOptions = {}): Batch {
  const images = new Float32Array(words.length * PIXELS);
  words.forEach((w, i) => renderWord(w, rng, opts, images, i * PIXELS));
  return { images, labels: words.map(encodeLabel), words: [...words] };
}

/** NHWC [B,32,100,3] -> NCHW [B,3,32,100], the board's layout (np.transpose(img, [0, 3, 1, 2])). */
export function toNchw(nhwc: Float32Array, batch = nhwc.length / PIXELS): Float32Array {
  const dst = new Float32Array(nhwc.length);
  for (let b = 0; b < batch; b++) for (let y = 0; y < IMG_H; y++) for (let x = 0; x < IMG_W; x++) for (let c = 0; c < 3; c++) {
    dst[b * PIXELS + c * IMG_H * IMG_W + y * IMG_W + x] = nhwc[b * PIXELS + (y * IMG_W + x) * 3 + c];
  }
  return dst;
}

/** Writes images (NHWC 0-255) as a PNG grid, `cols` per row, 2x scale. */
export function imagesToPng(images: Float32Array, count: number, cols = 8, scale = 2): Buffer {
  const rows = Math.ceil(count / cols);
  const pad = 4;
  const cv = createCanvas(cols * (IMG_W * scale + pad) + pad, rows * (IMG_H * scale + pad) + pad);
  const ctx = cv.getContext("2d") as SKRSContext2D;
  ctx.fillStyle = "#888";
  ctx.fillRect(0, 0, cv.width, cv.height);
  const tile = createCanvas(IMG_W, IMG_H);
  const tctx = tile.getContext("2d");
  for (let n = 0; n < count; n++) {
    const id = tctx.createImageData(IMG_W, IMG_H);
    for (let i = 0; i < IMG_W * IMG_H; i++) {
      for (let c = 0; c < 3; c++) id.data[i * 4 + c] = images[n * PIXELS + i * 3 + c];
      id.data[i * 4 + 3] = 255;
    }
    tctx.putImageData(id, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(tile, pad + (n % cols) * (IMG_W * scale + pad), pad + Math.floor(n / cols) * (IMG_H * scale + pad), IMG_W * scale, IMG_H * scale);
  }
  return cv.toBuffer("image/png");
}

// ---------------------------------------------------------------------------------------------
// vocabulary split and word samplers

export const HELD_OUT_COUNT = 1000;
export const DEMO_WORD = "parking";
let split: { train: string[]; heldOut: string[] } | null = null;

/**
 * Deterministic split of the built-in vocabulary: 1000 held-out evaluation words (always including
 * "parking", the word the course's board recognises) and the rest for training.
 */
export function wordSplit(): { train: string[]; heldOut: string[] } {
  if (split) return split;
  const words = [...new Set(COMMON_WORDS.filter(isValidWord))].filter((w) => w !== DEMO_WORD).sort();
  const rng = makeRng("cnnctc-word-split-v1");
  for (let i = words.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [words[i], words[j]] = [words[j], words[i]];
  }
  split = { heldOut: [DEMO_WORD, ...words.slice(0, HELD_OUT_COUNT - 1)], train: words.slice(HELD_OUT_COUNT - 1) };
  return split;
}

const LETTERS = CHARACTERS.slice(10), DIGITS = CHARACTERS.slice(0, 10);

/** A random string: length 1-10, letters only (60%), digits only (15%) or mixed (25%). */
export function randomString(rng: Rng): string {
  const len = randInt(rng, 1, MAX_LABEL_LENGTH);
  const r = rng();
  const pool = r < 0.6 ? LETTERS : r < 0.75 ? DIGITS : CHARACTERS;
  let s = "";
  for (let i = 0; i < len; i++) s += pool[Math.floor(rng() * pool.length)];
  return s;
}

/**
 * Training label sampler: a training-vocabulary word with probability 1 - randomRatio, else a random
 * string. Never returns a held-out word.
 */
export function trainingWordSampler(rng: Rng, randomRatio = 0.5): () => string {
  const { train, heldOut } = wordSplit();
  const banned = new Set(heldOut);
  return () => {
    for (;;) {
      const w = rng() < randomRatio ? randomString(rng) : train[Math.floor(rng() * train.length)];
      if (!banned.has(w)) return w;
    }
  };
}

/** The held-out evaluation set: all 1000 held-out words, each rendered once with `seed`. */
export function heldOutSet(seed: string | number = "cnnctc-eval-v1", count = HELD_OUT_COUNT): Batch {
  const words = wordSplit().heldOut.slice(0, count);
  return renderBatch(words, makeRng(seed));
}
