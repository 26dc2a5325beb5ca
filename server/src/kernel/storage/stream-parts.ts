/**
 * Cuts a stream into Buffers of exactly `partSize` bytes (the last one shorter), holding at most one part
 * in memory and reading the source only as fast as parts are consumed. S3 needs a known length per request,
 * so an upload of unknown length is sent as parts of this kind rather than buffered whole.
 */
export async function* readParts(
  source: AsyncIterable<Uint8Array | string>,
  partSize: number,
): AsyncGenerator<Buffer> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  for await (const received of source) {
    let chunk: Uint8Array = typeof received === 'string' ? Buffer.from(received) : received;
    while (pendingBytes + chunk.length >= partSize) {
      const take = partSize - pendingBytes;
      pending.push(chunk.subarray(0, take));
      yield Buffer.concat(pending, partSize);
      chunk = chunk.subarray(take);
      pending = [];
      pendingBytes = 0;
    }
    if (chunk.length > 0) {
      pending.push(chunk);
      pendingBytes += chunk.length;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}
