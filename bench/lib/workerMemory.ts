// The engine worker's memory through the Chrome DevTools Protocol (workerSession.ts).
//
// "Memory" here is what Runtime.getHeapUsage reports for the worker's isolate: V8 heap used +
// Blink's (embedder) heap used + ArrayBuffer backing stores, in bytes. Blobs and IndexedDB's own
// buffers live in other processes and are not counted.

import type { BrowserContext, Page } from '@playwright/test';
import { WorkerSession } from './workerSession';

export interface HeapUsage {
  /** V8 heap in use (bytes). */
  readonly usedSize: number;
  /** Blink's heap in use (bytes). */
  readonly embedderHeapUsedSize: number;
  /** ArrayBuffer backing stores (bytes). */
  readonly backingStorageSize: number;
}

export const MIB = 1_048_576;

export function totalBytes(h: HeapUsage): number {
  return h.usedSize + h.embedderHeapUsedSize + h.backingStorageSize;
}

function isHeapUsage(value: unknown): value is HeapUsage {
  return typeof value === 'object' && value !== null && 'usedSize' in value && typeof value.usedSize === 'number' && 'embedderHeapUsedSize' in value && 'backingStorageSize' in value;
}

export class WorkerMemory {
  private constructor(private readonly session: WorkerSession) {}

  /** Attaches to the page's engine worker (waits up to 15 s for it to exist). */
  static async attach(context: BrowserContext, page: Page, urlPart = 'engine.worker'): Promise<WorkerMemory> {
    return new WorkerMemory(await WorkerSession.attach(context, page, urlPart));
  }

  private call(method: string): Promise<unknown> {
    return this.session.call(method);
  }

  async heap(): Promise<HeapUsage> {
    const result = await this.call('Runtime.getHeapUsage');
    if (!isHeapUsage(result)) throw new Error(`unexpected Runtime.getHeapUsage answer: ${JSON.stringify(result)}`);
    return result;
  }

  /** A full garbage collection in the worker, so what remains is what it holds on to. */
  async collectGarbage(): Promise<void> {
    await this.call('HeapProfiler.collectGarbage');
  }

  /** Heap in use after a full garbage collection (bytes). */
  async retainedBytes(): Promise<number> {
    await this.collectGarbage();
    return totalBytes(await this.heap());
  }

  /**
   * Samples the heap every `intervalMs` until stopped; stop() gives the largest total seen
   * (bytes). Samples are taken without forcing a collection, so the peak includes garbage not yet
   * collected: what the machine must really have.
   */
  samplePeak(intervalMs = 500): { stop(): Promise<number> } {
    let peak = 0;
    let busy: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      busy = this.heap()
        .then((h) => {
          peak = Math.max(peak, totalBytes(h));
        })
        .catch(() => undefined);
    }, intervalMs);
    return {
      stop: async () => {
        clearInterval(timer);
        await busy;
        peak = Math.max(peak, totalBytes(await this.heap()));
        return peak;
      },
    };
  }

  detach(): Promise<void> {
    return this.session.detach();
  }
}
