// Seeding and catalogue sync, called by scripts/start.ts, prisma/seed.ts and the tests.
export { seedIfEmpty, formatLogins, newJoinCode, type SeedResult, type DemoLogin } from "./demo";
export { syncExerciseCatalogue, type CatalogueSyncResult } from "./catalogue";
export { DEMO_COURSE, ensureDemoCourse } from "./course";
