/**
 * CPU seconds used so far by this process and by the child processes it has waited for (ffmpeg,
 * tool processes), read from /proc/self/stat where Linux has it; elsewhere this process's own time
 * only. The build's cost is CPU on two shared cores, which wall time under contention hides.
 */
import {readFileSync} from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on every Linux ABI Node supports (getconf CLK_TCK)

export function cpuSeconds(): number {
  try {
    // Fields after the ")" that ends the command name: state is field 3, utime…cstime are 14–17.
    const stat = readFileSync("/proc/self/stat", "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS_PER_SECOND;
  } catch {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  }
}
