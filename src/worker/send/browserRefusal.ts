// After a fetch fails below HTTP (a TypeError: "Failed to fetch"), tells "the server answered
// but the browser refused this page its answer (CORS)" from "no network". The browser says the
// same in both cases on purpose, so it is asked two more questions, neither of which can store
// anything:
//
//   1. a `no-cors` GET of the same URL. It resolves (with an opaque answer) whenever the server
//      answers at all, since nothing of the answer is shown to the page. It fails: unreachable.
//   2. a CORS POST of the same URL made like the request that failed, but meaningless: for an
//      upload, its header names with an access token that cannot be valid and no body (it needs
//      the same preflight as an upload; the server answers 401); for a token request, a form with
//      no grant (the server answers 400). It fails: the server is there but will not let this
//      page in (refused). It resolves, whatever the status: the server does let this page in, so
//      the first failure was the network's (a connection reset, say) and is retried as usual.
//
// Only a page on another origin than the endpoint can be refused: for a same-origin endpoint (the
// one-origin deployment, deploy/nginx/) and outside a browser no question is asked. Concurrent
// failures for one URL share one pair of questions, and the answer is kept for a few seconds, so
// a window of 20 failing uploads does not ask 40 more.

/** The two questions' time limit, each (ms). */
export const QUESTION_TIMEOUT_MS = 10_000;
/** How long an answer is reused for the same URL (ms). */
const ANSWER_REUSE_MS = 5_000;

export type FetchFailure =
  /** The server answered but will not let this page read it or send to it. */
  | { readonly kind: 'refused-by-browser'; readonly origin: string }
  /** Nothing came back from the server, or it lets this page in (a passing network fault). */
  | { readonly kind: 'network' };

/** The page's own origin where the transport runs: a browser's (window or worker), else null. */
export function currentPageOrigin(): string | null {
  const location: unknown = (globalThis as { location?: unknown }).location;
  if (typeof location !== 'object' || location === null || !('origin' in location)) return null;
  const origin = (location as { origin: unknown }).origin;
  return typeof origin === 'string' && origin !== 'null' ? origin : null;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Whether the failure could be a CORS refusal at all: a TypeError from a cross-origin fetch in a browser. */
export function mayBeRefusedByBrowser(url: string, error: unknown, pageOrigin: string | null): boolean {
  if (pageOrigin === null || !(error instanceof TypeError) || error.name !== 'TypeError') return false;
  const origin = originOf(url);
  return origin !== null && origin !== pageOrigin;
}

export interface RefusalCheckOptions {
  readonly fetch: typeof fetch;
  /** The page's origin; null outside a browser (never refused). */
  readonly pageOrigin: string | null;
  /** Epoch ms, for reusing an answer. */
  readonly now: () => number;
  readonly timeoutMs?: number;
}

interface Remembered {
  readonly answer: Promise<FetchFailure>;
  /** When the answer came (epoch ms); null while the questions are still out. */
  answeredAt: number | null;
}

/** Which request failed: the second question is made like it. */
export type FailedRequest = 'upload' | 'token';

const QUESTION: Readonly<Record<FailedRequest, () => RequestInit>> = {
  upload: () => ({
    headers: {
      'Content-Type': 'application/fhir+json',
      Accept: 'application/fhir+json',
      Authorization: 'Bearer connection-check-not-a-token',
      'X-Request-ID': crypto.randomUUID(),
      'X-Correlation-ID': crypto.randomUUID(),
    },
  }),
  token: () => ({ headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: 'grant_type=connection_check' }),
};

export class BrowserRefusalCheck {
  private readonly remembered = new Map<string, Remembered>();

  constructor(private readonly options: RefusalCheckOptions) {}

  /** What a failed fetch of `url` means. Never rejects. */
  explain(url: string, error: unknown, request: FailedRequest): Promise<FetchFailure> {
    if (!mayBeRefusedByBrowser(url, error, this.options.pageOrigin)) return Promise.resolve({ kind: 'network' });
    const now = this.options.now();
    const known = this.remembered.get(url);
    if (known !== undefined && (known.answeredAt === null || now - known.answeredAt < ANSWER_REUSE_MS)) return known.answer;
    const entry: Remembered = { answer: this.ask(url, request), answeredAt: null };
    this.remembered.set(url, entry);
    void entry.answer.then(() => (entry.answeredAt = this.options.now()));
    return entry.answer;
  }

  private async ask(url: string, request: FailedRequest): Promise<FetchFailure> {
    const timeoutMs = this.options.timeoutMs ?? QUESTION_TIMEOUT_MS;
    const origin = originOf(url) ?? url;
    try {
      await this.options.fetch(url, { method: 'GET', mode: 'no-cors', credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
    } catch {
      return { kind: 'network' };
    }
    try {
      await this.options.fetch(url, { ...QUESTION[request](), method: 'POST', mode: 'cors', credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
      return { kind: 'network' };
    } catch {
      return { kind: 'refused-by-browser', origin };
    }
  }
}

/** In words for the status bar and the log: what happened and what to do. */
export function refusedByBrowserText(endpointOrigin: string, pageOrigin: string | null): string {
  const page = pageOrigin === null ? 'this page' : `this page (${pageOrigin})`;
  return `the server at ${endpointOrigin} answered but refused ${page} (CORS), so no upload can reach it from this browser: open the app from the practice server that also forwards to the Spine (one origin, see the README), or use an endpoint that allows this page`;
}
