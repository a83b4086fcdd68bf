// receptive-field: r = 1 + Σ_l (k_eff,l - 1) · Π_{m<l} s_m, checked exactly.
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import type { Rng } from "../../server/grader/rng";
import { receptiveFieldSize } from "../../server/tensor/ops/conv";
import { exactNumberCheck, tc } from "../../server/tensor/ops/conv-checks";

type Layer = { kernel: number; stride: number; dilation?: number };
type Args = [Layer[]];
const L = (kernel: number, stride: number, dilation?: number): Layer => (dilation === undefined ? { kernel, stride } : { kernel, stride, dilation });
const layersOf = (args: unknown[]) => (args as Args)[0];
const keff = (l: Layer) => (l.dilation ?? 1) * (l.kernel - 1) + 1;

function randomStack(rng: Rng, n: number, opts: { dilation?: boolean } = {}): Layer[] {
  return Array.from({ length: n }, () => {
    const k = rng.pick([1, 2, 3, 3, 3, 5, 7]);
    const s = rng.pick([1, 1, 2, 2, 3]);
    return opts.dilation && k > 1 ? L(k, s, rng.int(1, 3)) : L(k, s);
  });
}

export default defineChecks({
  entry: "receptiveField",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    // at least one stride > 1 before the last layer, so the stride product matters
    const stridedStack = (r: Rng, n: number, dil = false) => {
      const layers = randomStack(r, n, { dilation: dil });
      layers[0] = L(r.pick([3, 5]), 2, layers[0].dilation);
      layers[n - 1] = L(3, layers[n - 1].stride, dil ? 2 : undefined);
      return layers;
    };
    return [
      tc("course: one 3×3 conv", [[L(3, 1)]], "public", "examples"),
      tc("course: two stacked 3×3 convs", [[L(3, 1), L(3, 1)]], "public", "examples"),
      tc("course: three stacked 3×3 convs", [[L(3, 1), L(3, 1), L(3, 1)]], "public", "examples"),
      tc("3×3 stride 2, then 3×3", [[L(3, 2), L(3, 1)]], "public", "examples"),
      tc("3×3 with dilation 2", [[L(3, 1, 2)]], "public", "examples"),
      tc("random stack", [stridedStack(pub, 3)], "public", "random"),
      tc("hidden: ResNet stem (7×7/2, 3×3 pool/2, 3×3)", [[L(7, 2), L(3, 2), L(3, 1)]], "hidden", "networks"),
      tc("hidden: VGG block (3×3, 3×3, 2×2 pool/2, 3×3, 3×3)", [[L(3, 1), L(3, 1), L(2, 2), L(3, 1), L(3, 1)]], "hidden", "networks"),
      tc("hidden: dilations 1, 2, 4", [[L(3, 1, 1), L(3, 1, 2), L(3, 1, 4)]], "hidden", "dilation"),
      tc("hidden: strided stack", [stridedStack(hid, hid.int(3, 5))], "hidden", "stride"),
      tc("hidden: strided stack with dilation", [stridedStack(hid, hid.int(3, 5), true)], "hidden", "dilation"),
      tc("hidden: three stride-2 layers", [[L(hid.pick([2, 3]), 2), L(3, 2), L(3, 2), L(hid.pick([3, 5]), 1)]], "hidden", "stride"),
      tc("hidden: 1×1 convs add nothing", [[L(1, 1), L(3, 2), L(1, 1), L(3, 1)]], "hidden", "edge"),
      tc("hidden: no layers", [[]], "hidden", "edge"),
      tc("hidden: random stack", [randomStack(hid, hid.int(4, 6), { dilation: true })], "hidden", "random"),
    ];
  },
  expected(args) {
    return receptiveFieldSize(layersOf(args));
  },
  check: exactNumberCheck("receptiveField"),
  mistakes: [
    {
      id: "stride-product-forgotten",
      message: {
        en: "the strides of earlier layers are ignored. After a stride-2 layer, neighbouring feature-map pixels are 2 input pixels apart, so a later k×k kernel adds (k-1)·(product of all earlier strides), not just k-1",
        zh: "忽略了前面各层的步长。经过一个步长为 2 的层后，特征图上相邻像素在输入上相隔 2 个像素，所以后面的 k×k 卷积核使感受野增加 (k-1)·(之前所有层步长的乘积)，而不只是 k-1",
      },
      output: (args) => 1 + layersOf(args).reduce((acc, l) => acc + keff(l) - 1, 0),
    },
    {
      id: "current-stride-included",
      message: {
        en: "a layer's own stride was multiplied into its growth. A layer's stride only spreads out the pixels of ITS OUTPUT, so it affects the layers after it: use the product of the strides of the earlier layers only",
        zh: "把本层自己的步长也乘进了本层的增量。一层的步长只拉开它【输出】像素的间距，影响的是后面的层：只用之前各层步长的乘积",
      },
      output: (args) => {
        let rf = 1;
        let jump = 1;
        for (const l of layersOf(args)) {
          jump *= l.stride;
          rf += (keff(l) - 1) * jump;
        }
        return rf;
      },
    },
    {
      id: "dilation-ignored",
      message: {
        en: "dilation is ignored: a dilated kernel spans d·(k-1)+1 pixels, so a 3×3 kernel with dilation 2 grows the receptive field like a 5×5 one",
        zh: "忽略了空洞率：空洞卷积核覆盖 d·(k-1)+1 个像素，所以空洞率为 2 的 3×3 卷积核像 5×5 卷积核一样扩大感受野",
      },
      output: (args) => {
        const layers = layersOf(args);
        if (!layers.some((l) => (l.dilation ?? 1) > 1)) return undefined;
        return receptiveFieldSize(layers.map((l) => L(l.kernel, l.stride)));
      },
    },
    {
      id: "kernels-added",
      message: {
        en: "the kernel sizes were added up, but neighbouring windows overlap: two stacked 3×3 convs see 5×5, not 6×6. Each layer adds (k-1) times the product of the earlier strides",
        zh: "把卷积核尺寸直接相加了，但相邻窗口是重叠的：两层 3×3 卷积的感受野是 5×5，而不是 6×6。每一层增加 (k-1) 乘以之前各层步长的乘积",
      },
      output: (args) => {
        const layers = layersOf(args);
        return layers.length < 2 ? undefined : layers.reduce((acc, l) => acc + keff(l), 0);
      },
    },
  ],
});
