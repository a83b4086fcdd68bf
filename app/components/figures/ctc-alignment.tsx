"use client";
// CTC alignment view: a frame-by-frame prediction such as "-hh-e-l-ll-oo-" collapses to "hello" in
// two steps (merge repeats, then drop blanks). Editable; a second panel lists every alignment of a
// short word with T frames, which is exactly the set the CTC loss sums over. Arithmetic: ./ctc-model.ts.
import { useMemo, useState } from "react";
import { BLANK, countAlignments, groupRuns, listAlignments } from "./ctc-model";
import { Button, Figure, NumberField, labelsFor, type Locale } from "./figure-ui";
import { Icon } from "./icons";

const L = {
  zh: {
    kicker: "交互图",
    title: "CTC 对齐：逐帧预测怎样折叠成一个词",
    frames: "逐帧预测（“-”是空白符 blank）",
    stage: ["① 每一帧的预测", "② 合并相邻的重复字符", "③ 去掉空白符"],
    next: "下一步",
    reset: "从头看",
    result: "解码结果",
    examples: "例子",
    frameLabel: (n: number) => `${n} 帧`,
    alignTitle: "反过来：有多少种逐帧写法会折叠成同一个词？",
    word: "目标词",
    T: "帧数 T",
    count: (n: number, word: string, T: number) => `共有 ${n.toLocaleString("zh-CN")} 种长度为 ${T} 的帧序列折叠成“${word}”`,
    tooShort: (need: number) => `帧数太少：这个词至少需要 ${need} 帧（相邻的相同字母之间必须隔一个空白符）。`,
    more: (n: number) => `……以及另外 ${n.toLocaleString("zh-CN")} 种`,
    caption:
      "CTC 的折叠规则 B：先把连续相同的符号合并成一个，再删掉空白符。所以 “ll” 之间必须夹一个空白符才能保留两个 l。训练时，CTC 损失把所有能折叠成标签的对齐路径的概率加起来，取负对数。",
  },
  en: {
    kicker: "Interactive",
    title: "CTC alignment: how frame-by-frame predictions collapse into a word",
    frames: "Frame-by-frame prediction (“-” is the blank)",
    stage: ["① the prediction of every frame", "② merge neighbouring repeats", "③ remove the blanks"],
    next: "Next step",
    reset: "Start over",
    result: "Decoded",
    examples: "Examples",
    frameLabel: (n: number) => `${n} frames`,
    alignTitle: "The other way round: how many frame sequences collapse to the same word?",
    word: "target word",
    T: "frames T",
    count: (n: number, word: string, T: number) => `${n.toLocaleString("en-US")} sequences of ${T} frames collapse to “${word}”`,
    tooShort: (need: number) => `Too few frames: this word needs at least ${need} (equal neighbouring letters must be separated by a blank).`,
    more: (n: number) => `… and ${n.toLocaleString("en-US")} more`,
    caption:
      "CTC's collapse rule B: first merge runs of the same symbol into one, then delete the blanks. That is why “ll” needs a blank between the two l's to survive. In training, the CTC loss adds up the probabilities of every alignment that collapses to the label and takes the negative log.",
  },
};

const EXAMPLES = ["-hh-e-l-ll-oo-", "hheelllloo", "--pp-a-rr-kk--i-nn--g-----"];

/** distinct pastel colour per symbol */
function colourOf(symbol: string): string {
  if (symbol === BLANK) return "bg-slate-100 text-slate-400 ring-slate-200";
  const palette = [
    "bg-rose-100 text-rose-800 ring-rose-300",
    "bg-amber-100 text-amber-800 ring-amber-300",
    "bg-emerald-100 text-emerald-800 ring-emerald-300",
    "bg-sky-100 text-sky-800 ring-sky-300",
    "bg-violet-100 text-violet-800 ring-violet-300",
    "bg-lime-100 text-lime-800 ring-lime-300",
    "bg-pink-100 text-pink-800 ring-pink-300",
    "bg-cyan-100 text-cyan-800 ring-cyan-300",
  ];
  return palette[symbol.codePointAt(0)! % palette.length];
}

function minFrames(word: string): number {
  let n = word.length;
  for (let i = 1; i < word.length; i++) if (word[i] === word[i - 1]) n++;
  return n;
}

export function CtcAlignment(props: { locale?: Locale; frames?: string; word?: string; T?: number }) {
  const t = labelsFor(L, props.locale);
  const [text, setText] = useState(props.frames ?? EXAMPLES[0]);
  const [stage, setStage] = useState(2);
  const [word, setWord] = useState(props.word ?? "hi");
  const [T, setT] = useState(props.T ?? 4);

  const frames = useMemo(() => [...text.replace(/\s/g, "")].slice(0, 40), [text]);
  const groups = useMemo(() => groupRuns(frames), [frames]);
  const decoded = groups.filter((g) => g.kept).map((g) => g.symbol).join("");

  const cleanWord = [...word.replace(/[\s-]/g, "")].slice(0, 6).join("");
  const need = minFrames(cleanWord);
  const total = cleanWord ? countAlignments(cleanWord, T) : 0;
  const shown = useMemo(() => (cleanWord ? listAlignments(cleanWord, T, 60) : []), [cleanWord, T]);

  const box = "flex h-9 min-w-[2.25rem] items-center justify-center rounded-md font-mono text-[15px] ring-1 ring-inset";

  return (
    <Figure kicker={t.kicker} title={t.title} caption={t.caption} testId="figure-ctc">
      <label className="block text-[13px] font-medium text-slate-700">
        {t.frames}
        <input
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setStage(2);
          }}
          spellCheck={false}
          maxLength={40}
          data-testid="ctc-frames"
          className="mt-1.5 block w-full rounded-lg border-0 bg-white px-3 py-2 font-mono text-[15px] tracking-wider text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500"
        />
      </label>
      <div className="mt-2 flex flex-wrap items-center gap-2 text-[12px] text-slate-500">
        {t.examples}:
        {EXAMPLES.map((ex) => (
          <button
            key={ex}
            type="button"
            onClick={() => {
              setText(ex);
              setStage(0);
            }}
            className="rounded-md bg-slate-100 px-2 py-0.5 font-mono text-slate-700 hover:bg-brand-50 hover:text-brand-700"
          >
            {ex}
          </button>
        ))}
      </div>

      <div className="mt-5 space-y-4 overflow-x-auto pb-1" data-testid="ctc-stages">
        {/* ① frames */}
        <div>
          <div className="mb-1.5 text-[12px] font-semibold text-slate-500">
            {t.stage[0]} · {t.frameLabel(frames.length)}
          </div>
          <div className="flex gap-1">
            {frames.map((f, i) => (
              <div key={i} className="flex flex-col items-center gap-0.5">
                <div className={`${box} ${colourOf(f)}`}>{f}</div>
                <span className="font-mono text-[10px] text-slate-400">{i + 1}</span>
              </div>
            ))}
          </div>
        </div>

        {/* ② merged runs, drawn to the same scale as the frames */}
        {stage >= 1 && (
          <div>
            <div className="mb-1.5 text-[12px] font-semibold text-slate-500">{t.stage[1]}</div>
            <div className="flex gap-1">
              {groups.map((g, i) => {
                const span = g.end - g.start + 1;
                return (
                  <div
                    key={i}
                    className={`${box} ${colourOf(g.symbol)} ${stage >= 2 && !g.kept ? "line-through opacity-40" : ""}`}
                    style={{ width: `calc(${span} * 2.25rem + ${span - 1} * 0.25rem)` }}
                  >
                    {g.symbol}
                  </div>
                );
              })}
            </div>
          </div>
        )}

        {/* ③ result */}
        {stage >= 2 && (
          <div>
            <div className="mb-1.5 text-[12px] font-semibold text-slate-500">{t.stage[2]}</div>
            <div className="flex items-center gap-3">
              <div className="flex gap-1">
                {groups
                  .filter((g) => g.kept)
                  .map((g, i) => (
                    <div key={i} className={`${box} ${colourOf(g.symbol)} font-semibold`}>
                      {g.symbol}
                    </div>
                  ))}
              </div>
              <Icon name="arrowRight" className="h-5 w-5 text-slate-400" />
              <span className="rounded-lg bg-brand-600 px-3 py-1.5 font-mono text-lg font-semibold text-white" data-testid="ctc-result">
                {decoded ? `"${decoded}"` : `""`}
              </span>
            </div>
          </div>
        )}
      </div>

      <div className="mt-4 flex items-center gap-2">
        <Button primary onClick={() => setStage((s) => Math.min(2, s + 1))} disabled={stage >= 2} testId="ctc-next">
          {t.next} <Icon name="next" />
        </Button>
        <Button onClick={() => setStage(0)} disabled={stage === 0} testId="ctc-reset">
          <Icon name="reset" /> {t.reset}
        </Button>
      </div>

      <div className="mt-6 border-t border-slate-100 pt-5">
        <div className="text-[13px] font-semibold text-slate-800">{t.alignTitle}</div>
        <div className="mt-3 flex flex-wrap items-center gap-4">
          <label className="inline-flex items-center gap-1.5 text-[13px] text-slate-600">
            {t.word}
            <input
              value={word}
              onChange={(e) => setWord(e.target.value)}
              maxLength={6}
              spellCheck={false}
              className="w-24 rounded-md border-0 bg-white px-2 py-1 font-mono text-[13px] text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500"
              data-testid="ctc-word"
            />
          </label>
          <NumberField label={t.T} value={T} min={1} max={12} onChange={setT} testId="ctc-T" />
        </div>
        {cleanWord && T < need ? (
          <p className="mt-3 text-[13px] text-rose-600">{t.tooShort(need)}</p>
        ) : cleanWord ? (
          <>
            <p className="mt-3 text-[13px] text-slate-700" data-testid="ctc-count">
              {t.count(total, cleanWord, T)}
            </p>
            <div className="mt-2 flex flex-wrap gap-1.5">
              {shown.map((a) => (
                <code key={a} className="rounded-md bg-slate-50 px-1.5 py-0.5 font-mono text-[13px] tracking-wider text-slate-700 ring-1 ring-inset ring-slate-200">
                  {a}
                </code>
              ))}
              {total > shown.length && <span className="self-center text-[12px] text-slate-400">{t.more(total - shown.length)}</span>}
            </div>
          </>
        ) : null}
      </div>
    </Figure>
  );
}
