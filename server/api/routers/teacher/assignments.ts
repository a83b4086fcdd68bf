// teacher.assignment.*: the assignment editor and per-student extensions.
import { z } from "zod";
import { router } from "../../trpc";
import { assignmentProcedure, classProcedure, id } from "./scoped";
import {
  assignmentFields,
  assignmentForEditor,
  createAssignment,
  deleteAssignment,
  exercisesForCourse,
  extensionInput,
  removeExtension,
  setExtension,
  updateAssignment,
} from "../../../teaching/assignments";
import { LAB_TASKS } from "../../../teaching/lab-results";

export const teacherAssignmentRouter = router({
  /** what can go into an assignment of this class: the course's exercises (with test groups) and lab tasks */
  options: classProcedure.query(async ({ ctx }) => ({ exercises: await exercisesForCourse(ctx.db.prisma, ctx.cls.courseId), labTasks: LAB_TASKS })),

  create: classProcedure.input(assignmentFields).mutation(({ ctx, input }) => {
    const { classId: _c, ...fields } = input;
    return createAssignment(ctx.db.prisma, ctx.user, ctx.cls, fields);
  }),

  get: assignmentProcedure.query(({ ctx }) => assignmentForEditor(ctx.db.prisma, ctx.assignment.id)),

  update: assignmentProcedure.input(assignmentFields).mutation(({ ctx, input }) => {
    const { assignmentId: _a, ...fields } = input;
    return updateAssignment(ctx.db.prisma, ctx.user, ctx.assignment, fields);
  }),

  /** refused once anyone has submitted to it */
  delete: assignmentProcedure.mutation(({ ctx }) => deleteAssignment(ctx.db.prisma, ctx.user, ctx.assignment)),

  setExtension: assignmentProcedure.input(extensionInput).mutation(({ ctx, input }) => setExtension(ctx.db.prisma, ctx.user, ctx.assignment, input)),

  removeExtension: assignmentProcedure.input(z.object({ studentId: id })).mutation(({ ctx, input }) => removeExtension(ctx.db.prisma, ctx.user, ctx.assignment, input.studentId)),
});
