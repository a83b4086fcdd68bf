// cnn-digits: a model exercise graded by training. The student's buildModel() runs in the sandbox
// and returns a ModelSpec (plain data); here, in the grader process, the spec is validated
// (server/tensor/model-exercise/spec.ts), built as a tfjs model, trained on a seeded set of
// font-rendered digits under a CPU-time budget and scored on a held-out set
// (server/tensor/model-exercise/train.ts). All tests of one submission share one training
// (cached per spec hash and data seed).
//
// Each test's args are [{ dataSeed, test, min? }]: which data set to use and what the test checks.
// buildModel() takes no parameters, so it ignores them; they are not secret (nothing in them helps
// a model score better) and they make the hidden tests vary with the seed.
import { defineChecks, type Bilingual, type CheckOutcome, type TestCase } from "../../server/grader/exercise-api";
import { analyseSpec, limitProblems, LIMITS, TASK, type SpecAnalysis } from "../../server/tensor/model-exercise/spec";
import { EXPLODED_LOSS, trainCached, type TrainReport } from "../../server/tensor/model-exercise/train";

type TestKind = "valid" | "params" | "budget" | "accuracy";
interface TestArg {
  dataSeed: number;
  test: TestKind;
  /** accuracy tests: the threshold in [0, 1] */
  min?: number;
}
/** what expected() returns: the requirement of the test */
type Requirement = TestArg & { mistake?: undefined };
/** what a known mistake "outputs": a marker that check() recognises in the student's spec */
type MistakeMarker = TestArg & { mistake: MistakeId };
type MistakeId = "output-layer" | "learning-rate-too-high" | "no-nonlinearity" | "too-few-epochs";

/** cross-entropy of a uniform guess over the 10 classes */
const LN10 = Math.log(10);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const fmt = (n: number) => n.toLocaleString("en-US");

function tc(name: string, arg: TestArg, visibility: "public" | "hidden", group: string, points: number): TestCase {
  return { name, args: [arg], visibility, group, points };
}

const THRESHOLDS = [
  { min: 0.6, points: 3, visibility: "public" as const },
  { min: 0.8, points: 2, visibility: "public" as const },
  { min: 0.9, points: 2, visibility: "hidden" as const },
];

function join(problems: Bilingual[]): Bilingual {
  return { en: problems.map((p) => p.en).join("; "), zh: problems.map((p) => p.zh).join("；") };
}

function invalid(problems: Bilingual[]): CheckOutcome {
  const j = join(problems);
  return { passed: false, message: { en: `invalid model spec: ${j.en}`, zh: `模型描述无效：${j.zh}` } };
}

/** "after 6 of 6 epochs (loss 2.10 → 0.35, training accuracy 91.0%, 3.2 s of CPU)" */
function trainingSummary(r: TrainReport): Bilingual {
  const losses = r.epochLoss.length ? `${r.epochLoss[0].toFixed(2)} → ${r.epochLoss[r.epochLoss.length - 1].toFixed(2)}` : "–";
  const cpu = (r.cpuMs / 1000).toFixed(1);
  return {
    en: `after ${r.epochsDone} of ${r.epochsPlanned} epochs: loss ${losses}, training accuracy ${pct(r.trainAccuracy)}, ${cpu} s of CPU`,
    zh: `完成 ${r.epochsPlanned} 轮中的 ${r.epochsDone} 轮：损失 ${losses}，训练集准确率 ${pct(r.trainAccuracy)}，CPU 时间 ${cpu} 秒`,
  };
}

async function train(a: SpecAnalysis, seed: number): Promise<{ report?: TrainReport; notTrained?: Bilingual }> {
  const lp = limitProblems(a);
  const why = lp.params ?? lp.budget;
  if (why) return { notTrained: { en: `not trained: ${why.en}`, zh: `未训练：${why.zh}` } };
  return { report: await trainCached(a, seed) };
}

async function checkRequirement(req: Requirement, got: unknown): Promise<CheckOutcome> {
  const parsed = analyseSpec(got);
  if (!parsed.ok) return invalid(parsed.problems);
  const a = parsed.analysis;
  switch (req.test) {
    case "valid":
      return { passed: true };
    case "params": {
      const p = limitProblems(a).params;
      return p ? { passed: false, message: p } : { passed: true };
    }
    case "budget": {
      const { report, notTrained } = await train(a, req.dataSeed);
      if (notTrained) return { passed: false, message: limitProblems(a).budget ?? notTrained };
      if (report!.outOfTime) {
        const s = trainingSummary(report!);
        return {
          passed: false,
          message: {
            en: `training ran out of its time budget (${LIMITS.cpuBudgetMs / 1000} s of CPU) and was stopped ${s.en}. Use fewer epochs or a cheaper model`,
            zh: `训练超出了时间预算（${LIMITS.cpuBudgetMs / 1000} 秒 CPU 时间），已被提前终止，${s.zh}。请减少训练轮数或使用计算量更小的模型`,
          },
        };
      }
      return { passed: true };
    }
    case "accuracy": {
      const min = req.min ?? 1;
      const { report, notTrained } = await train(a, req.dataSeed);
      if (notTrained) return { passed: false, message: notTrained };
      const r = report!;
      if (r.accuracy >= min) return { passed: true };
      const s = trainingSummary(r);
      if (r.diverged) {
        const nan = r.epochLoss.length === 0 || r.epochLoss[r.epochLoss.length - 1] <= EXPLODED_LOSS;
        const what = nan
          ? { en: `the loss became NaN or Infinity in epoch ${r.epochsDone + 1}`, zh: `第 ${r.epochsDone + 1} 轮中损失变成了 NaN 或无穷大` }
          : { en: `the loss of epoch ${r.epochsDone} was ${r.epochLoss[r.epochLoss.length - 1].toFixed(2)}, far above the ${LN10.toFixed(2)} of random guessing`, zh: `第 ${r.epochsDone} 轮的损失是 ${r.epochLoss[r.epochLoss.length - 1].toFixed(2)}，远高于随机猜测的 ${LN10.toFixed(2)}` };
        return {
          passed: false,
          message: {
            en: `training diverged and was stopped: ${what.en}. Held-out accuracy ${pct(r.accuracy)} (${s.en})`,
            zh: `训练发散，已被终止：${what.zh}。留出测试集准确率 ${pct(r.accuracy)}（${s.zh}）`,
          },
        };
      }
      return {
        passed: false,
        message: {
          en: `held-out accuracy ${pct(r.accuracy)} is below ${pct(min)} (${s.en})`,
          zh: `留出测试集上的准确率 ${pct(r.accuracy)} 低于 ${pct(min)}（${s.zh}）`,
        },
      };
    }
  }
}

// ------------------------------------------------------------------------------------------------
// known mistakes: recognised in the spec (and its training report), not by comparing outputs

/** does `got` show this mistake? (only asked about tests it failed) */
async function showsMistake(m: MistakeMarker, got: unknown): Promise<boolean> {
  if (m.mistake === "output-layer") {
    if (m.test !== "valid") return false;
    const layers = (got as { layers?: unknown })?.layers;
    if (!Array.isArray(layers) || layers.length === 0) return false;
    const last = layers[layers.length - 1] as { type?: unknown; units?: unknown; activation?: unknown } | null;
    if (!last || typeof last !== "object") return false;
    return last.type !== "dense" || last.units !== TASK.numClasses || last.activation !== "softmax";
  }
  if (m.test !== "accuracy") return false;
  const parsed = analyseSpec(got);
  if (!parsed.ok) return false;
  const a = parsed.analysis;
  const { report } = await train(a, m.dataSeed);
  if (!report || report.outOfTime) return false;
  const hidden = a.spec.layers.slice(0, -1);
  const nonlinear = hidden.some((l) => l.type === "maxPool" || ((l.type === "conv2d" || l.type === "dense") && l.activation !== "linear"));
  const losses = report.epochLoss;
  const last = losses[losses.length - 1];
  switch (m.mistake) {
    case "learning-rate-too-high": {
      const { type, learningRate } = a.spec.optimizer;
      const high = type === "adam" ? learningRate >= 0.05 : learningRate >= 0.5;
      // NaN/Infinity, or no better than guessing (cross-entropy of a uniform guess is ln 10 ≈ 2.30)
      const notLearning = report.diverged || losses.length === 0 || last >= LN10 - 0.1 || last > losses[0];
      return high && notLearning;
    }
    case "no-nonlinearity":
      return !nonlinear && !report.diverged;
    case "too-few-epochs": {
      if (report.diverged || !nonlinear || report.trainAccuracy >= 0.95 || losses.length === 0) return false;
      // underfitted: few epochs, or the loss was still dropping fast when training ended
      return losses.length <= 2 || last < 0.85 * losses[losses.length - 2];
    }
  }
  return false;
}

export default defineChecks({
  entry: "buildModel",
  cases(rng): TestCase[] {
    // one data set per seed for every test (one training per submission); the seed differs for
    // every student variant
    const dataSeed = rng.fork("data").int(1, 2 ** 31 - 1);
    const cases: TestCase[] = [
      tc("the spec is valid (layer types, shapes, output layer)", { dataSeed, test: "valid" }, "public", "spec", 1),
      tc(`at most ${fmt(LIMITS.maxParams)} parameters`, { dataSeed, test: "params" }, "public", "limits", 1),
      tc("trains within the time budget", { dataSeed, test: "budget" }, "public", "limits", 1),
    ];
    for (const t of THRESHOLDS) {
      const name = `${t.visibility === "hidden" ? "hidden: " : ""}held-out accuracy ≥ ${Math.round(t.min * 100)}%`;
      cases.push(tc(name, { dataSeed, test: "accuracy", min: t.min }, t.visibility, "accuracy", t.points));
    }
    return cases;
  },
  expected(args): Requirement {
    return { ...(args[0] as TestArg) };
  },
  async check(expected, got): Promise<CheckOutcome> {
    const e = expected as Requirement | MistakeMarker;
    if (e.mistake) return { passed: await showsMistake(e as MistakeMarker, got) };
    return checkRequirement(e as Requirement, got);
  },
  mistakes: [
    {
      id: "output-layer",
      message: {
        en: `the output layer is wrong. A classifier of ${TASK.numClasses} digits ends with { type: "dense", units: ${TASK.numClasses}, activation: "softmax" }: one output per class, and softmax turns the ${TASK.numClasses} scores into probabilities that add up to 1, which is what the cross-entropy loss compares with the true label`,
        zh: `输出层不对。${TASK.numClasses} 类数字的分类器应以 { type: "dense", units: ${TASK.numClasses}, activation: "softmax" } 结尾：每个类别一个输出，softmax 把这 ${TASK.numClasses} 个分数变成和为 1 的概率，交叉熵损失正是拿它与真实标签比较`,
      },
      output: (args) => ({ ...(args[0] as TestArg), mistake: "output-layer" }),
    },
    {
      id: "learning-rate-too-high",
      message: {
        en: "the learning rate is far too high: each step overshoots, the loss blows up to NaN/Infinity or never drops below the ~2.30 of random guessing. Typical values: 0.001-0.01 for adam, 0.01-0.1 for sgd and momentum",
        zh: "学习率太大了：每一步都走过头，损失爆炸成 NaN/无穷大，或一直停在随机猜测的 2.30 左右。常用取值：adam 为 0.001-0.01，sgd 和 momentum 为 0.01-0.1",
      },
      output: (args) => ({ ...(args[0] as TestArg), mistake: "learning-rate-too-high" }),
    },
    {
      id: "no-nonlinearity",
      message: {
        en: 'the network is linear: no hidden layer has a nonlinear activation (and there is no max-pooling), so all layers together are one linear map, a linear classifier that cannot separate these digits well. Use activation: "relu" on the hidden conv2d/dense layers',
        zh: '网络是线性的：隐藏层都没有非线性激活（也没有最大池化），所有层叠在一起仍只是一个线性映射，相当于线性分类器，分不好这些数字。请给隐藏的 conv2d/dense 层加上 activation: "relu"',
      },
      output: (args) => ({ ...(args[0] as TestArg), mistake: "no-nonlinearity" }),
    },
    {
      id: "too-few-epochs",
      message: {
        en: "training stopped too early: the loss was still falling quickly and the model fits even its training images poorly (underfitting). Train for more epochs (5-10 is typical here) while staying within the time budget",
        zh: "训练停得太早：损失还在快速下降，模型连训练图像都没拟合好（欠拟合）。请增加训练轮数（本题一般 5-10 轮），同时注意不要超出时间预算",
      },
      output: (args) => ({ ...(args[0] as TestArg), mistake: "too-few-epochs" }),
    },
  ],
});
