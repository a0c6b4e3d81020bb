// Saves files through a temporary object URL (no server involved). Exports come from the engine
// as streams (read as the worker writes them, page by page), gathered into a Blob, then saved.

export const CSV_TYPE = 'text/csv;charset=utf-8';
export const TEXT_TYPE = 'text/plain;charset=utf-8';

export function downloadText(filename: string, text: string, type = TEXT_TYPE): void {
  downloadBlob(filename, new Blob([text], { type }));
}

/** Reads an export stream to its end: the file, typed. Rejects if the stream fails part-way. */
export async function fileFromStream(stream: ReadableStream<Uint8Array>, type: string): Promise<Blob> {
  const body = await new Response(stream).blob();
  return new Blob([body], { type });
}

/** Saves a Blob (for example one the worker made) as a file. */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
