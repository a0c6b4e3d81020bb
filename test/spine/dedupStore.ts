// A replay record by X-Request-ID, only when asked for (--replay-request-ids): a retry with the
// same request id gets the first answer again (same status, same body) and is not processed a
// second time. The national service keeps no such record. An answer is remembered from the
// moment processing starts, so a retry that arrives while the first attempt is still being
// processed waits for that attempt's answer.

export interface RecordedAnswer {
  status: number;
  /** The exact body sent the first time (JSON text). */
  body: string;
}

export class DedupStore {
  private readonly answers = new Map<string, Promise<RecordedAnswer>>();

  /** The remembered answer for a request id, if any (possibly still being worked out). */
  get(requestId: string): Promise<RecordedAnswer> | undefined {
    return this.answers.get(requestId.toLowerCase());
  }

  /** Remembers the answer `work` produces; forgets it again if `work` fails. */
  remember(requestId: string, work: () => Promise<RecordedAnswer>): Promise<RecordedAnswer> {
    const key = requestId.toLowerCase();
    const answer = work();
    this.answers.set(key, answer);
    answer.catch(() => this.answers.delete(key));
    return answer;
  }

  clear(): void {
    this.answers.clear();
  }
}
