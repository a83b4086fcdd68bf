// UI strings of the lesson pages that the shared dictionary (server/i18n/messages) does not have.
// Unit titles and "Unit {n}" come from the shared dictionary; the lesson texts themselves live in
// content/lessons/*.mdx. Kept here, typed against the Chinese column, until they move into
// server/i18n/messages.
import type { Locale } from "../i18n/locales";

const zh = {
  "lessons.title": "课程讲义",
  "lessons.intro": "四个单元，从一次卷积讲到能读出文字、跑在香橙派 AI Pro 上的网络。每篇讲义都配有可以动手拖、点、改的交互图，读完再去做对应的练习。",
  "lessons.read": "开始阅读",
  "lessons.minutes": "约 {n} 分钟",
  "lessons.sections": "{n} 节",
  "lessons.exerciseCount": "{n} 道练习",
  "lessons.noExercises": "练习即将上线",
  "lessons.toc": "本页目录",
  "lessons.backToIndex": "全部讲义",
  "lessons.prev": "上一单元",
  "lessons.next": "下一单元",
  "lessons.exercises.title": "本单元练习",
  "lessons.exercises.intro": "读完这一单元，用下面的练习检验一下：代码在浏览器里写，提交后服务器自动评分。",
  "lessons.exercises.empty": "本单元的练习正在编写中，很快上线。",
  "lessons.exercises.points": "{points} 分",
  "lessons.practice": "动手练习",
  "lessons.lab": "去实验室",
  "lessons.lab.body": "在虚拟的香橙派 AI Pro 上完成导出、转换和推理。",
  "lessons.anchor": "本节链接",
  "lessons.finished": "读完了！",
} as const;

export type LessonChromeKey = keyof typeof zh;

const en: Record<LessonChromeKey, string> = {
  "lessons.title": "Lessons",
  "lessons.intro": "Four units, from a single convolution to a network that reads text and runs on the Orange Pi AI Pro. Every lesson has interactive figures to drag, click and edit; when you finish one, try its exercises.",
  "lessons.read": "Start reading",
  "lessons.minutes": "about {n} min",
  "lessons.sections": "{n} sections",
  "lessons.exerciseCount": "{n} exercises",
  "lessons.noExercises": "exercises coming soon",
  "lessons.toc": "On this page",
  "lessons.backToIndex": "All lessons",
  "lessons.prev": "Previous unit",
  "lessons.next": "Next unit",
  "lessons.exercises.title": "Exercises for this unit",
  "lessons.exercises.intro": "Check what you learned with these exercises: you write the code in the browser and the server grades it automatically.",
  "lessons.exercises.empty": "The exercises for this unit are being written and will appear soon.",
  "lessons.exercises.points": "{points} pts",
  "lessons.practice": "Practice",
  "lessons.lab": "Open the lab",
  "lessons.lab.body": "Export, convert and run the model on a virtual Orange Pi AI Pro.",
  "lessons.anchor": "Link to this section",
  "lessons.finished": "Done!",
};

const dictionaries: Record<Locale, Record<LessonChromeKey, string>> = { zh, en };

export function lessonText(locale: Locale, key: LessonChromeKey, params?: Record<string, string | number>): string {
  const template = dictionaries[locale][key];
  return params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : template;
}
