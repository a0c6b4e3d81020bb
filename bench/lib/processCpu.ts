// Where a benchmark window's CPU time went, per thread, from /proc: this Node process (the test
// runner, which also hosts the loopback Spine and its HTTPS front) and every process it started
// (Chromium's browser, renderer, network and GPU processes), each thread named by its process's
// kind and its own thread name (Chromium names its threads: "DedicatedWorker", "IndexedDB", ...).
// Linux only; elsewhere a snapshot is empty and the report says nothing.

import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second in /proc/<pid>/stat (USER_HZ; 100 on every Linux Debian ships). */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds used so far, by "process kind / thread name". */
export type CpuSnapshot = ReadonlyMap<string, number>;

interface ProcStat {
  readonly name: string;
  readonly parent: number;
  readonly seconds: number;
}

/** The name, parent pid and user+system seconds of one /proc/.../stat line. */
export function parseStat(line: string): ProcStat | null {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  // Fields after the name (which may hold spaces): state is the 1st, ppid the 2nd, utime and
  // stime the 12th and 13th.
  const fields = line.slice(close + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const parent = Number(fields[1]);
  if (!Number.isFinite(ticks) || !Number.isFinite(parent)) return null;
  return { name: line.slice(open + 1, close), parent, seconds: ticks / CLOCK_TICKS_PER_SECOND };
}

/** What a process is: "node (bench)" for this one, Chromium's --type (renderer, utility:network, gpu-process) or "browser". */
export function processKind(pid: number, self: number, cmdline: string): string {
  if (pid === self) return 'node (bench, Spine)';
  // Chromium rewrites its child processes' titles into one space-separated string.
  const args = cmdline.split(/[\0 ]/);
  const type = args.find((a) => a.startsWith('--type='))?.slice('--type='.length);
  if (type === undefined) return args[0]?.includes('chrom') ? 'browser' : (args[0]?.split('/').pop() ?? 'unknown');
  const sub = args.find((a) => a.startsWith('--utility-sub-type='))?.slice('--utility-sub-type='.length);
  return sub === undefined ? type : `${type}:${sub.replace(/\.mojom\..*$/, '')}`;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Every thread's CPU seconds so far, in this process and its descendants. */
export function snapshotCpu(self: number = process.pid): CpuSnapshot {
  const out = new Map<string, number>();
  let pids: number[];
  try {
    pids = readdirSync('/proc').map(Number).filter((n) => Number.isInteger(n));
  } catch {
    return out;
  }
  const parents = new Map<number, number>();
  for (const pid of pids) {
    const stat = parseStat(read(`/proc/${pid}/stat`) ?? '');
    if (stat !== null) parents.set(pid, stat.parent);
  }
  const mine = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 64; p = parents.get(p), hops++) if (p === self) return true;
    return false;
  };
  for (const pid of pids.filter(mine)) {
    const kind = processKind(pid, self, read(`/proc/${pid}/cmdline`) ?? '');
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const stat = parseStat(read(`/proc/${pid}/task/${tid}/stat`) ?? '');
      if (stat === null) continue;
      const key = `${kind} / ${stat.name.replace(/[0-9]+$/, '#')}`;
      out.set(key, (out.get(key) ?? 0) + stat.seconds);
    }
  }
  return out;
}

/** CPU seconds per thread group between two snapshots, largest first, those above `minSeconds`. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, minSeconds = 0.05): [string, number][] {
  const rows: [string, number][] = [];
  for (const [key, seconds] of after) {
    const used = seconds - (before.get(key) ?? 0);
    if (used >= minSeconds) rows.push([key, used]);
  }
  return rows.sort((a, b) => b[1] - a[1]);
}

/** "kind / thread 12.3 s, ..." with the total, for a log line. */
export function describeCpu(rows: readonly [string, number][], seconds: number): string {
  const total = rows.reduce((sum, [, s]) => sum + s, 0);
  return `${total.toFixed(1)} CPU s in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(2)} cores): ${rows.map(([k, s]) => `${k} ${s.toFixed(1)}`).join(', ')}`;
}
