// A Chrome DevTools Protocol session with one of a page's workers. Playwright's CDP sessions
// cannot address a child session directly, so this attaches to the worker target in
// non-flattened mode and talks to it through Target.sendMessageToTarget.

import type { BrowserContext, CDPSession, Page } from '@playwright/test';

interface TargetReply {
  readonly id?: number;
  readonly result?: unknown;
  readonly error?: { readonly message: string };
}

export class WorkerSession {
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

  /** Attaches to the page's worker whose URL contains `urlPart` (waits up to 15 s for it to exist). */
  static async attach(context: BrowserContext, page: Page, urlPart = 'engine.worker'): Promise<WorkerSession> {
    const cdp = await context.newCDPSession(page);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { targetInfos } = await cdp.send('Target.getTargets');
      const worker = targetInfos.find((t) => t.type === 'worker' && t.url.includes(urlPart));
      if (worker) {
        const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
        return new WorkerSession(cdp, sessionId);
      }
      if (Date.now() > deadline) throw new Error(`no worker whose URL contains "${urlPart}"`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Sends one CDP command to the worker; resolves with its result. */
  call(method: string, params: object = {}): Promise<unknown> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.cdp.send('Target.sendMessageToTarget', { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) }).catch((e: unknown) => {
        this.pending.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      });
    });
  }

  async detach(): Promise<void> {
    await this.cdp.send('Target.detachFromTarget', { sessionId: this.sessionId }).catch(() => undefined);
    await this.cdp.detach().catch(() => undefined);
  }
}
