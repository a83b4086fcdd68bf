// Shared types of the board's command implementations.
import type { BoardState, LabEvent } from "../board";

export interface Ctx {
  state: BoardState;
  now: Date;
  env: Record<string, string>;
  /** stdin text (pipelines) */
  stdin: string;
  /** sequence number of this command line (pids, measurement noise) */
  seq: number;
  /** nesting depth of scripts (source/bash) */
  depth: number;
  /** the whole command line being run (history shows it) */
  line?: string;
}

export interface CmdResult {
  out: string;
  err?: string;
  code: number;
  state: BoardState;
  events?: LabEvent[];
  clear?: boolean;
  /** new working directory (cd, source) */
  cwd?: string;
}

export const ok = (state: BoardState, out = "", events?: LabEvent[]): CmdResult => ({ out, code: 0, state, events });
export const fail = (state: BoardState, err: string, code = 1, out = ""): CmdResult => ({ out, err, code, state });

/** Deterministic pseudo pid of a program run. */
export const pidFor = (seq: number, salt: number) => 1000 + ((seq * 7919 + salt * 104729) % 60000);
