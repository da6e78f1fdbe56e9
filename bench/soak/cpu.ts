import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second for /proc times; 100 on every mainstream Linux build. */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  /** User plus system time, in ticks. */
  ticks: number;
}

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: split after its closing one.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After the name: state(3) ppid(4) … utime(14) stime(15); here indexed from field 3.
  return { pid, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/**
 * CPU milliseconds used so far by `root` and every process below it (the
 * Pushpin runner and its four services sit under the proxy host). Exited
 * descendants are not counted; during a soak none exit.
 */
export function treeCpuMs(root: number): number {
  const stats: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) stats.push(stat);
  }
  const inTree = new Set([root]);
  // Parents usually have lower pids, but not always: repeat until nothing is added.
  for (let changed = true; changed; ) {
    changed = false;
    for (const stat of stats) {
      if (!inTree.has(stat.pid) && inTree.has(stat.ppid)) {
        inTree.add(stat.pid);
        changed = true;
      }
    }
  }
  let ticks = 0;
  for (const stat of stats) if (inTree.has(stat.pid)) ticks += stat.ticks;
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** CPU milliseconds the whole machine spent busy (all cores, everything but idle and iowait). */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, ...values] = line.trim().split(/\s+/);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = values.map(Number);
  return ((user + nice + system + irq + softirq + steal) * 1000) / TICKS_PER_SECOND;
}

/** CPU milliseconds this process has used (the clients). */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
