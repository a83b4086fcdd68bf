// The four units of the course home and which exercise topics (exercise.json "topic") each shows.
import type { MessageKey } from "../../i18n/t";

export interface Unit {
  key: "convolution" | "pooling" | "optimization" | "cnnCtc";
  topics: readonly string[];
  titleKey: MessageKey;
  summaryKey: MessageKey;
}

export const UNITS: readonly Unit[] = [
  { key: "convolution", topics: ["convolution"], titleKey: "course.unit.convolution.title", summaryKey: "course.unit.convolution.summary" },
  { key: "pooling", topics: ["pooling"], titleKey: "course.unit.pooling.title", summaryKey: "course.unit.pooling.summary" },
  { key: "optimization", topics: ["optimization"], titleKey: "course.unit.optimization.title", summaryKey: "course.unit.optimization.summary" },
  // "model" exercises assemble the full network, which is what the last unit is about
  { key: "cnnCtc", topics: ["ctc", "model"], titleKey: "course.unit.cnnCtc.title", summaryKey: "course.unit.cnnCtc.summary" },
];

export function unitOfTopic(topic: string): Unit | undefined {
  return UNITS.find((u) => u.topics.includes(topic));
}
