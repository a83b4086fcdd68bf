// conv-params: (k·k·Cin + [bias]) · Cout, checked exactly.
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import { convParamCount } from "../../server/tensor/ops/conv";
import { exactNumberCheck, tc } from "../../server/tensor/ops/conv-checks";

type Args = [number, number, number, boolean];
const A = (args: unknown[]) => args as Args;

export default defineChecks({
  entry: "convParams",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const ch = (r: typeof rng) => r.pick([2, 3, 8, 16, 32, 64, 96, 128, 256]);
    return [
      tc("course: 3×3, 64 → 128, with bias", [3, 64, 128, true], "public", "examples"),
      tc("course: 5×5, 64 → 128, with bias", [5, 64, 128, true], "public", "examples"),
      tc("course: 7×7, 64 → 128, with bias", [7, 64, 128, true], "public", "examples"),
      tc("RGB input, no bias", [3, 3, pub.pick([16, 32, 64]), false], "public", "examples"),
      tc("random layer", [pub.pick([3, 5]), ch(pub), ch(pub), true], "public", "random"),
      tc("hidden: no bias", [hid.pick([3, 5, 7]), ch(hid), ch(hid), false], "hidden", "bias"),
      tc("hidden: with bias", [hid.pick([3, 5, 7]), ch(hid), ch(hid), true], "hidden", "bias"),
      tc("hidden: 1×1 conv", [1, ch(hid), ch(hid), hid.pick([true, false])], "hidden", "edge"),
      tc("hidden: one output channel", [hid.pick([3, 5]), ch(hid), 1, true], "hidden", "edge"),
      tc("hidden: grayscale input", [hid.pick([3, 5, 7]), 1, ch(hid), true], "hidden", "edge"),
      tc("hidden: wide layer", [3, 256, 512, hid.pick([true, false])], "hidden", "random"),
      tc("hidden: random", [hid.pick([1, 2, 3, 4, 5, 7]), hid.int(2, 300), hid.int(2, 300), true], "hidden", "random"),
    ];
  },
  expected(args) {
    const [k, cin, cout, bias] = A(args);
    return convParamCount(k, cin, cout, bias);
  },
  check: exactNumberCheck("convParams"),
  mistakes: [
    {
      id: "bias-forgotten",
      message: {
        en: "the biases are missing: with bias = true each of the Cout kernels has one bias, so add Cout, giving (k·k·Cin + 1)·Cout",
        zh: "漏了偏置：bias = true 时 Cout 个卷积核每个都有一个偏置，要加上 Cout，即 (k·k·Cin + 1)·Cout",
      },
      output: (args) => {
        const [k, cin, cout, bias] = A(args);
        return bias ? k * k * cin * cout : undefined;
      },
    },
    {
      id: "bias-always-counted",
      message: {
        en: "biases were counted although bias = false (e.g. a conv followed by BatchNorm has no bias): then the count is k·k·Cin·Cout",
        zh: "bias = false 时也算了偏置（例如后接 BatchNorm 的卷积层通常不带偏置）：此时参数量是 k·k·Cin·Cout",
      },
      output: (args) => {
        const [k, cin, cout, bias] = A(args);
        return bias ? undefined : (k * k * cin + 1) * cout;
      },
    },
    {
      id: "cin-forgotten",
      message: {
        en: "the input channels are missing: each kernel spans all Cin input channels, so it has k·k·Cin weights, not k·k",
        zh: "漏了输入通道数：每个卷积核覆盖全部 Cin 个输入通道，所以有 k·k·Cin 个权重，而不是 k·k",
      },
      output: (args) => {
        const [k, cin, cout, bias] = A(args);
        return cin === 1 ? undefined : (k * k + (bias ? 1 : 0)) * cout;
      },
    },
    {
      id: "kernel-not-squared",
      message: {
        en: "the kernel size is not squared: a k×k kernel has k·k weights per input channel",
        zh: "卷积核尺寸没有平方：k×k 的卷积核在每个输入通道上有 k·k 个权重",
      },
      output: (args) => {
        const [k, cin, cout, bias] = A(args);
        return k === 1 ? undefined : (k * cin + (bias ? 1 : 0)) * cout;
      },
    },
    {
      id: "bias-counted-once",
      message: {
        en: "only one bias was counted for the whole layer. Every output channel (kernel) has its own bias: + Cout",
        zh: "整层只算了一个偏置。每个输出通道（卷积核）都有自己的偏置：应加 Cout",
      },
      output: (args) => {
        const [k, cin, cout, bias] = A(args);
        return bias && cout > 1 ? k * k * cin * cout + 1 : undefined;
      },
    },
  ],
});
