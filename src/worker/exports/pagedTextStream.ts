// A downloadable text file (CSV, the log) produced page by page as the reader takes it, instead
// of one string built inside one call. The stream is handed to the page at once (transferred
// across the worker boundary), so no call waits on the whole file and nothing races a timeout;
// each page is read in its own short transaction, so a download never holds the database while a
// run writes, and the worker answers its heartbeat and sends between pages.
//
// Paging is by a key that never changes (a list position, a log id) and only moves forward, so
// while a run changes rows meanwhile, a row is written once at most, and every row that matches
// from the start of the download to its end is written exactly once.

/** One page of lines and the key to continue after; null when there is nothing after `after`. */
export type PageReader<K> = (after: K | null) => Promise<{ readonly text: string; readonly last: K } | null>;

export function pagedTextStream<K>(header: string, readPage: PageReader<K>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: K | null = null;
  let headerSent = header === '';
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(header));
          return;
        }
        // A pull must enqueue or close (the stream asks again only after an enqueue): a page
        // whose rows were all filtered out moves the cursor and the next page is read.
        for (;;) {
          const page = await readPage(cursor);
          if (page === null) {
            controller.close();
            return;
          }
          cursor = page.last;
          if (page.text !== '') {
            controller.enqueue(encoder.encode(page.text));
            return;
          }
        }
      },
    },
    // One page read ahead of the reader at most.
    { highWaterMark: 1 },
  );
}

/** The whole stream as text (tests, and callers that want a string). */
export function streamText(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}
