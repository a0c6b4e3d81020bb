// A busy practice PC, on demand: one child Node process whose threads spin on the CPU (one per
// core by default) for as long as a test or benchmark wants, so the app's pacing is measured
// while timers and connections bunch as they do on a loaded machine. The child is started here
// and ended here by its own pid, never by name; the threads end with their process.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Clock ticks per second in /proc/<pid>/stat (USER_HZ; 100 on every Linux Debian ships). */
const CLOCK_TICKS_PER_SECOND = 100;

// Runs in the child: one worker thread per busy core spins on integer arithmetic (which no
// compiler removes); the main thread stays idle to say "ready" once every thread runs, and to
// exit when its stdin closes, so a burner whose parent died (a crashed test) does not spin on.
const SPIN_SCRIPT = `
const { Worker } = require('node:worker_threads');
const threads = Number(process.argv[1]);
const spin = 'let x = 1; for (;;) x = (Math.imul(x, 1103515245) + 12345) | 0;';
let online = 0;
for (let i = 0; i < threads; i++) {
  new Worker(spin, { eval: true }).once('online', () => {
    online++;
    if (online === threads) process.stdout.write('ready\\n');
  });
}
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
`;

export interface CpuBurner {
  readonly pid: number;
  readonly threads: number;
  /** CPU seconds the child has used so far (user + system), or null where /proc cannot say. */
  cpuSeconds(): number | null;
  /** Ends the child by its pid and waits until it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts spinning `threads` threads (every core by default); resolves once all are running. */
export async function startCpuBurner(threads = availableParallelism()): Promise<CpuBurner> {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a whole number from 1, got ${threads}`);
  const child: ChildProcess = spawn(process.execPath, ['-e', SPIN_SCRIPT, String(threads)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the CPU burner did not start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`the CPU burner ended before it was ready (${signal ?? code ?? 'unknown'})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('ready')) resolve();
    });
  });
  let stopped = false;
  return {
    pid,
    threads,
    cpuSeconds: () => cpuSecondsOf(pid),
    async stop() {
      if (!stopped) {
        stopped = true;
        process.kill(pid, 'SIGKILL');
      }
      await exited;
    },
  };
}

/** Runs `body` with the CPU kept busy, and always stops the burner afterwards. */
export async function withBusyCpu<T>(body: (burner: CpuBurner) => Promise<T>, threads?: number): Promise<T> {
  const burner = await startCpuBurner(threads);
  try {
    return await body(burner);
  } finally {
    await burner.stop();
  }
}

function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) are space-separated; utime and stime
    // are the 14th and 15th fields of the whole line, the 12th and 13th after ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / CLOCK_TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}
