// The engine worker's memory through the Chrome DevTools Protocol. Playwright's CDP sessions
// cannot address a child session directly, so this attaches to the worker target in
// non-flattened mode and talks to it through Target.sendMessageToTarget.
//
// "Memory" here is what Runtime.getHeapUsage reports for the worker's isolate: V8 heap used +
// Blink's (embedder) heap used + ArrayBuffer backing stores, in bytes. Blobs and IndexedDB's own
// buffers live in other processes and are not counted.

import type { BrowserContext, CDPSession, Page } from '@playwright/test';

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

interface TargetReply {
  readonly id?: number;
  readonly result?: unknown;
  readonly error?: { readonly message: string };
}

function isHeapUsage(value: unknown): value is HeapUsage {
  return typeof value === 'object' && value !== null && 'usedSize' in value && typeof value.usedSize === 'number' && 'embedderHeapUsedSize' in value && 'backingStorageSize' in value;
}

export class WorkerMemory {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  private constructor(
    private readonly cdp: CDPSession,
    private readonly sessionId: string,
  ) {
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      if (event.sessionId !== this.sessionId) return;
      const reply = JSON.parse(event.message) as TargetReply;
      if (reply.id === undefined) return;
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.error) waiter?.reject(new Error(reply.error.message));
      else waiter?.resolve(reply.result);
    });
  }

  /** Attaches to the page's engine worker (waits up to 15 s for it to exist). */
  static async attach(context: BrowserContext, page: Page, urlPart = 'engine.worker'): Promise<WorkerMemory> {
    const cdp = await context.newCDPSession(page);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { targetInfos } = await cdp.send('Target.getTargets');
      const worker = targetInfos.find((t) => t.type === 'worker' && t.url.includes(urlPart));
      if (worker) {
        const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
        return new WorkerMemory(cdp, sessionId);
      }
      if (Date.now() > deadline) throw new Error(`no worker whose URL contains "${urlPart}"`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private call(method: string, params: object = {}): Promise<unknown> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.cdp.send('Target.sendMessageToTarget', { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) }).catch((e: unknown) => {
        this.pending.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      });
    });
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

  async detach(): Promise<void> {
    await this.cdp.send('Target.detachFromTarget', { sessionId: this.sessionId }).catch(() => undefined);
    await this.cdp.detach().catch(() => undefined);
  }
}
