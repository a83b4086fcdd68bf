// The CNNCTC label alphabet, exactly as the course notebook's CTCLabelConverter builds it:
// class 0 is the CTC blank, then '0'-'9' are 1-10 and 'a'-'z' are 11-36 (37 classes in all).
export const CHARACTERS = "0123456789abcdefghijklmnopqrstuvwxyz";
export const BLANK = 0;
export const NUM_CLASSES = CHARACTERS.length + 1; // 37
/** Time steps of the CNNCTC output (FINAL_FEATURE_WIDTH in the MindSpore config). */
export const TIME_STEPS = 26;
export const IMG_H = 32;
export const IMG_W = 100;
export const MAX_LABEL_LENGTH = 10;

const INDEX = new Map<string, number>([...CHARACTERS].map((c, i) => [c, i + 1]));

/** "parking" -> [26, 11, 28, 21, 19, 24, 17]. Throws on characters outside the alphabet. */
export function encodeLabel(text: string): number[] {
  return [...text].map((c) => {
    const i = INDEX.get(c);
    if (i === undefined) throw new Error(`character ${JSON.stringify(c)} is not in the CNNCTC alphabet (0-9, a-z)`);
    return i;
  });
}

/** Class indices (no blanks expected) -> text. Blank (0) is skipped. */
export function labelToText(indices: readonly number[]): string {
  let s = "";
  for (const i of indices) if (i !== BLANK) s += CHARACTERS[i - 1];
  return s;
}

export function isValidWord(w: string): boolean {
  return w.length >= 1 && w.length <= MAX_LABEL_LENGTH && /^[0-9a-z]+$/.test(w);
}
