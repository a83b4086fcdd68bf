// Password hashing with bcrypt (cost 10). bcrypt only reads the first 72 bytes of its input, and a
// 128-character password in Chinese is up to 384 UTF-8 bytes, so the password is first reduced to
// a fixed 44-character SHA-256 digest: every character of a long password counts.
import { createHash } from "node:crypto";
import bcrypt from "bcryptjs";

export const BCRYPT_COST = 10;

function prehash(password: string): string {
  return createHash("sha256").update(password, "utf8").digest("base64");
}

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(prehash(password), BCRYPT_COST);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(prehash(password), hash);
}

// Compared against when the email is unknown, so that a wrong email takes as long as a wrong
// password and response times do not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;
export function timingDummyHash(): Promise<string> {
  return (dummyHash ??= hashPassword("convlab-timing-dummy"));
}
