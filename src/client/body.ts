/**
 * Reads a body to its end within a limit counted after decompression (fetch has already
 * decoded gzip or brotli), and stops reading as soon as the limit is passed: a larger body, or a
 * decompression bomb, is never held whole. Read errors are left to the caller to name.
 * Returns the bytes, or `undefined` when the body is larger than `limit`.
 */
export async function readBody(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array | undefined> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: a hostile server may never let the cancel settle; the attempt's abort ends it.
      reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
