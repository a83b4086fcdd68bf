// Image handling of the board's Python side: decode (PNG/JPEG/... via @napi-rs/canvas, like
// PIL.Image.open(...).convert('RGB')), PIL's bicubic resize and the CNNCTC notebook preprocessing:
//   img = img_PIL.resize((100, 32), resample=3)       # BICUBIC
//   img = np.array(img, dtype=np.float32)             # raw 0-255, no normalisation
//   img = np.expand_dims(img, axis=0); img = np.transpose(img, [0, 3, 1, 2])   # 1x3x32x100
import { createCanvas, Image } from "@napi-rs/canvas";

export interface RgbImage { width: number; height: number; /** HWC uint8 */ data: Uint8Array }

export class ImageDecodeError extends Error {}

/** Any browser-decodable image -> RGB (alpha dropped, like PIL's convert('RGB')). */
export function decodeImage(bytes: Uint8Array): RgbImage {
  const img = new Image();
  img.src = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!img.width || !img.height) throw new ImageDecodeError("cannot identify image file");
  const cv = createCanvas(img.width, img.height);
  const ctx = cv.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const rgba = ctx.getImageData(0, 0, img.width, img.height).data;
  const data = new Uint8Array(img.width * img.height * 3);
  for (let i = 0, j = 0; i < data.length; i += 3, j += 4) { data[i] = rgba[j]; data[i + 1] = rgba[j + 1]; data[i + 2] = rgba[j + 2]; }
  return { width: img.width, height: img.height, data };
}

/** RGB (HWC uint8, or 0-255 floats) -> PNG bytes. */
export function encodePng(width: number, height: number, rgb: ArrayLike<number>): Uint8Array {
  const cv = createCanvas(width, height);
  const ctx = cv.getContext("2d");
  const id = ctx.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    id.data[i * 4] = rgb[i * 3]; id.data[i * 4 + 1] = rgb[i * 3 + 1]; id.data[i * 4 + 2] = rgb[i * 3 + 2]; id.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(id, 0, 0);
  return new Uint8Array(cv.toBuffer("image/png"));
}

// ---------------------------------------------------------------------------------------------
// PIL (Pillow) ImagingResample with the bicubic filter (a = -0.5), 8-bit fixed point
// (PRECISION_BITS = 22), horizontal pass then vertical pass, as in libImaging/Resample.c.

const PRECISION_BITS = 32 - 8 - 2;

function bicubic(x: number): number {
  const a = -0.5;
  x = Math.abs(x);
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return 0;
}

function coeffs(inSize: number, outSize: number): { bounds: Int32Array; kk: Int32Array; ksize: number } {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = 2 * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const kk = new Int32Array(outSize * ksize);
  const pre = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterscale;
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) { const w = bicubic((x + xmin - center + 0.5) * ss); pre[x] = w; ww += w; }
    for (let x = 0; x < xmax; x++) {
      const k = ww !== 0 ? pre[x] / ww : pre[x];
      kk[xx * ksize + x] = k < 0 ? Math.trunc(-0.5 + k * (1 << PRECISION_BITS)) : Math.trunc(0.5 + k * (1 << PRECISION_BITS));
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { bounds, kk, ksize };
}

const clip8 = (v: number) => (v >= 255 * 2 ** PRECISION_BITS ? 255 : v <= 0 ? 0 : Math.floor(v / 2 ** PRECISION_BITS));

/** PIL `img.resize((w, h), resample=Image.BICUBIC)` for an RGB image. */
export function resizeBicubic(img: RgbImage, w: number, h: number): RgbImage {
  if (img.width === w && img.height === h) return { width: w, height: h, data: new Uint8Array(img.data) };
  let cur = img;
  if (img.width !== w) {
    const { bounds, kk, ksize } = coeffs(img.width, w);
    const out = new Uint8Array(w * img.height * 3);
    for (let y = 0; y < img.height; y++) for (let xx = 0; xx < w; xx++) {
      const xmin = bounds[xx * 2], xmax = bounds[xx * 2 + 1];
      for (let c = 0; c < 3; c++) {
        let ss = 1 << (PRECISION_BITS - 1);
        for (let x = 0; x < xmax; x++) ss += img.data[(y * img.width + x + xmin) * 3 + c] * kk[xx * ksize + x];
        out[(y * w + xx) * 3 + c] = clip8(ss);
      }
    }
    cur = { width: w, height: img.height, data: out };
  }
  if (cur.height !== h) {
    const { bounds, kk, ksize } = coeffs(cur.height, h);
    const out = new Uint8Array(w * h * 3);
    for (let yy = 0; yy < h; yy++) {
      const ymin = bounds[yy * 2], ymax = bounds[yy * 2 + 1];
      for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) {
        let ss = 1 << (PRECISION_BITS - 1);
        for (let y = 0; y < ymax; y++) ss += cur.data[((y + ymin) * w + x) * 3 + c] * kk[yy * ksize + y];
        out[(yy * w + x) * 3 + c] = clip8(ss);
      }
    }
    cur = { width: w, height: h, data: out };
  }
  return cur;
}

/** The notebook's preprocessing: resize to 100x32 bicubic, float32, NCHW 1x3x32x100. */
export function notebookPreprocess(img: RgbImage, w = 100, h = 32): { nchw: Float32Array; nhwcU8: Uint8Array } {
  const r = resizeBicubic(img, w, h);
  const nchw = new Float32Array(3 * w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) nchw[c * w * h + y * w + x] = r.data[(y * w + x) * 3 + c];
  return { nchw, nhwcU8: r.data };
}
