// The one course ConvLab ships with. Exercises from exercises/<id>/ belong to it.
import type { PrismaClient } from "../db/generated/client";

export const DEMO_COURSE = {
  slug: "cnn-basics",
  titleZh: "卷积神经网络基础",
  titleEn: "Convolutional Neural Networks: the Basics",
  summaryZh: "从零实现卷积、池化、优化器与 CTC，最后把它们组合成一个能识别文字序列的 CNN。适合学过线性代数和 Python/TypeScript 基础的本科生。",
  summaryEn: "Implement convolution, pooling, optimizers and CTC from scratch, then combine them into a CNN that reads text sequences. For undergraduates who know linear algebra and basic programming.",
} as const;

/** Creates the course if it is missing; never overwrites what a teacher may have edited. */
export async function ensureDemoCourse(prisma: PrismaClient) {
  return prisma.course.upsert({ where: { slug: DEMO_COURSE.slug }, update: {}, create: { ...DEMO_COURSE } });
}
