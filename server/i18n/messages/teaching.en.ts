// English strings of the teaching features, typed against teaching.zh.ts.
import type { teachingZh } from "./teaching.zh";

export const teachingEn: Record<keyof typeof teachingZh, string> = {
  "teaching.errors.classNotFound": "Class not found.",
  "teaching.errors.assignmentNotFound": "Assignment not found.",
  "teaching.errors.itemNotFound": "Assignment item not found.",
  "teaching.errors.studentNotFound": "This student is not in the class.",
  "teaching.errors.submissionNotFound": "Submission not found.",
  "teaching.errors.liveNotFound": "Live session not found.",
  "teaching.errors.courseNotFound": "Course not found.",
  "teaching.errors.exerciseNotFound": "The course has no such exercise.",
  "teaching.errors.joinCodeInvalid": "This join code is not valid. Please check it with your teacher.",
  "teaching.errors.dueBeforeOpen": "The due date must be after the opening date.",
  "teaching.errors.lateBeforeDue": "The late deadline cannot be before the due date.",
  "teaching.errors.duplicateItem": "An exercise or lab task can appear only once in an assignment.",
  "teaching.errors.assignmentHasSubmissions": "Students have already submitted to this assignment, so it cannot be deleted.",
  "teaching.errors.pointsOutOfRange": "Points must be between 0 and {max}.",
  "teaching.errors.regradeLab": "Lab items are graded by the lab; they cannot be regraded here.",
  "teaching.errors.regradeRace": "Another regrade is running. Please try again in a moment.",
  "teaching.errors.liveEnded": "This live session has ended.",
  "teaching.errors.notLabItem": "This is not a lab item.",

  "teaching.csv.name": "Name",
  "teaching.csv.email": "Email",
  "teaching.csv.total": "Total",
  "teaching.csv.max": "Max",
};
