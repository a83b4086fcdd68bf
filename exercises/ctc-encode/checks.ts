// ctc-encode: text -> CTC target labels, blank = 0, charset[i] -> i + 1.
// Reference: ctcEncode (server/tensor/ctc.ts).
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import type { Rng } from "../../server/grader/rng";
import { ctcEncode } from "../../server/tensor/ctc";
import { exactCheck, tc } from "../../server/tensor/ops/pool-optim-ctc-checks";

type Args = [string, string];
/** the 36 characters of MindSpore's CNNCTC model (37 classes with the blank) */
const CNNCTC = "0123456789abcdefghijklmnopqrstuvwxyz";
const ALPHABET = "abcdefghijklmnopqrstuvwxyz";
const WORDS_WITH_REPEATS = ["balloon", "coffee", "bookkeeper", "mississippi", "google", "moon", "letter", "2000", "aab"];

const word = (rng: Rng, charset: string, n: number) => Array.from({ length: n }, () => rng.pick([...charset])).join("");
function shuffle(rng: Rng, s: string): string {
  const a = [...s];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.join("");
}

export default defineChecks({
  entry: "encode",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc("example: hello", ["hello", ALPHABET], "public", "examples"),
      tc("example: digits with the CNNCTC charset", ["2024", CNNCTC], "public", "examples"),
      tc("a random word, CNNCTC charset", [word(pub, CNNCTC, pub.int(5, 8)), CNNCTC], "public", "random"),
    ];
    const h = (name: string, args: Args, group: string) => cases.push(tc(`hidden: ${name}`, args, "hidden", group));
    h("empty string", ["", hid.pick([CNNCTC, ALPHABET])], "edge");
    h("repeated letters", [hid.pick(WORDS_WITH_REPEATS), CNNCTC], "repeats");
    const small = shuffle(hid, "ehlo");
    h("charset not in alphabetical order", ["hello", small], "charset");
    const cs = shuffle(hid, "abcdefgh");
    h("first and last character of the charset", [cs[cs.length - 1] + word(hid, cs, 3) + cs[0], cs], "charset");
    h("a single character", [hid.pick([...CNNCTC]), CNNCTC], "edge");
    for (let k = 1; k <= 2; k++) {
      const w = word(hid, CNNCTC, hid.int(4, 10));
      const i = hid.int(0, w.length - 1);
      h(`random word ${k}`, [w.slice(0, i) + w[i] + w.slice(i), CNNCTC], "random"); // with at least one doubled character
    }
    return cases;
  },
  expected(args) {
    return ctcEncode(...(args as Args));
  },
  check: exactCheck("encode"),
  mistakes: [
    {
      id: "off-by-one",
      message: {
        en: "the labels are charset indices, starting at 0. Class 0 is reserved for the CTC blank, so charset[i] has label i + 1",
        zh: "标签直接用了字符在 charset 中的下标（从 0 开始）。类别 0 留给 CTC 的空白符（blank），所以 charset[i] 的标签是 i + 1",
      },
      output: (args) => {
        const [text, charset] = args as Args;
        return text ? [...text].map((c) => charset.indexOf(c)) : undefined;
      },
    },
    {
      id: "blank-between-repeats",
      message: {
        en: "you inserted blanks (0) between repeated characters. The target is just the text's labels; the blank between the two l's of \"hello\" belongs to the alignment, which the CTC loss and decoder handle",
        zh: "你在重复字符之间插入了空白符 0。目标序列只是文本的标签；\"hello\" 两个 l 之间的空白属于对齐路径，由 CTC 损失和解码器处理",
      },
      output: (args) => {
        const labels = ctcEncode(...(args as Args));
        return labels.flatMap((l, i) => (i > 0 && labels[i - 1] === l ? [0, l] : [l]));
      },
    },
    {
      id: "repeats-collapsed",
      message: {
        en: "repeated characters were merged (\"hello\" became h-e-l-o). Encoding keeps every character; merging repeats is a DECODING step applied to frame-level predictions",
        zh: "重复字符被合并了（\"hello\" 变成了 h-e-l-o）。编码要保留每一个字符；合并重复是对逐帧预测进行解码时的步骤",
      },
      output: (args) => {
        const labels = ctcEncode(...(args as Args));
        return labels.filter((l, i) => i === 0 || labels[i - 1] !== l);
      },
    },
  ],
});
