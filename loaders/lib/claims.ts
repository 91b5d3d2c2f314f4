/**
 * A work queue that processes share through a directory: a task goes to the first process that
 * claims it (an exclusive create of a file named for it). Processes that walk the same list in the
 * same order therefore finish within one task of each other, however uneven the tasks' costs — a
 * fixed split (every second task) left one of two cores idle for a fifth of a stage. Which process
 * computes a task changes nothing it computes: every task's result is cached by content.
 */
import {closeSync, mkdirSync, openSync} from "node:fs";
import {join} from "node:path";

/** True when this process has just taken `task`; false when another process took it first. */
export type Claim = (task: string) => boolean;

export function claimsIn(dir: string): Claim {
  mkdirSync(dir, {recursive: true});
  return (task) => {
    if (!/^[\w.-]+$/.test(task)) throw new Error(`claim: "${task}" is not a file name`);
    try {
      closeSync(openSync(join(dir, task), "wx"));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw e;
    }
  };
}
