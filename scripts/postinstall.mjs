// Runs after `npm ci`: generates the Prisma client so a fresh clone needs no manual step.
import "./prisma-generate.mjs";
