// Starts the benchmark's gateway (gateway.ts) in a child Node process (gatewayChild.ts, run with
// tsx), talks to it over IPC, and ends it by its own pid. A process of its own, because a gateway
// sharing the benchmark's event loop (which drives the browser and validates every upload) time
// stamps requests late and refuses requests Apigee would admit.

import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Arrival, GatewayOptions, GatewayStats } from './gateway';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'gatewayChild.ts');
/** How long the child may take to exit after it is told to (ms) before it is killed. */
const EXIT_GRACE_MS = 5000;

export interface GatewayProcess {
  /** https://127.0.0.1:PORT: the base URL to give the app. */
  readonly url: string;
  readonly pid: number;
  /** The niceness the gateway's event loop runs at, or null when the system refused it (the default then). */
  readonly priority: number | null;
  /** The gateway's counts so far. */
  stats(): Promise<GatewayStats>;
  /** Every POST /Bundle that reached the gateway so far, in arrival order. */
  arrivals(): Promise<readonly Arrival[]>;
  /** Ends the process (by its pid if it does not exit when told) and waits until it has. */
  close(): Promise<void>;
}

type ChildMessage =
  | { readonly kind: 'ready'; readonly url: string }
  | { readonly kind: 'stats'; readonly stats: GatewayStats }
  | { readonly kind: 'arrivals'; readonly arrivals: readonly Arrival[] };

function isChildMessage(value: unknown): value is ChildMessage {
  return typeof value === 'object' && value !== null && 'kind' in value && (value.kind === 'ready' || value.kind === 'stats' || value.kind === 'arrivals');
}

function nextMessage<K extends ChildMessage['kind']>(child: ChildProcess, kind: K): Promise<Extract<ChildMessage, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown): void => {
      if (!isChildMessage(message) || message.kind !== kind) return;
      cleanup();
      resolve(message as Extract<ChildMessage, { kind: K }>);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      cleanup();
      reject(new Error(`the gateway process ended (${signal ?? code ?? 'unknown'})`));
    };
    const cleanup = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * The gateway's niceness: the highest priority. Measured on the benchmark (2 cores, load average
 * about 15): at the default niceness its event loop ran up to 145 ms late (99th percentile) and
 * requests took a median 13 ms (90%: 69 ms) from the browser's network stack to its stamp;
 * at -10, 59 ms and 2 ms (19 ms).
 */
export const GATEWAY_PRIORITY = -20;

/**
 * Starts the gateway. `priority` (a niceness, -20..19; below 0 needs root or CAP_SYS_NICE) is
 * given to the gateway's main thread, which runs its event loop: Apigee runs on machines of its
 * own, not on the practice PC, so its time stamps do not wait for the browser, the Spine or a
 * CPU burner to be descheduled. Where the system refuses, the gateway runs at the default.
 */
export async function startGatewayProcess(options: GatewayOptions, priority: number = GATEWAY_PRIORITY): Promise<GatewayProcess> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = fork(CHILD, [], {
    execArgv: ['--import', tsx],
    env: { ...process.env, GATEWAY_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the gateway process did not start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const { url } = await nextMessage(child, 'ready');
  return {
    url,
    pid,
    priority: prioritise(pid, priority),
    stats: async () => {
      const answer = nextMessage(child, 'stats');
      child.send('stats');
      return (await answer).stats;
    },
    arrivals: async () => {
      const answer = nextMessage(child, 'arrivals');
      child.send('arrivals');
      return (await answer).arrivals;
    },
    close: async () => {
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => process.kill(pid, 'SIGKILL'), EXIT_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Sets the niceness of `pid`'s main thread; null when not permitted. */
function prioritise(pid: number, priority: number): number | null {
  try {
    setPriority(pid, priority);
    return priority;
  } catch {
    return null;
  }
}
