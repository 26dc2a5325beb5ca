import { describe, expect, it } from 'vitest';
import { readParts } from './stream-parts.ts';

const collect = async (source: AsyncIterable<Buffer>) => {
  const parts: Buffer[] = [];
  for await (const part of source) parts.push(part);
  return parts;
};

async function* chunks(sizes: number[]) {
  let byte = 0;
  for (const size of sizes) yield Buffer.from(Array.from({ length: size }, () => byte++ % 256));
}

describe('readParts', () => {
  it('cuts any chunking into full parts plus a shorter last one, losing no byte', async () => {
    const parts = await collect(readParts(chunks([3, 10, 1, 1, 7, 2]), 5));
    expect(parts.map((part) => part.length)).toEqual([5, 5, 5, 5, 4]);
    expect([...Buffer.concat(parts)]).toEqual(Array.from({ length: 24 }, (_, i) => i));
  });

  it('yields no part for an empty source and no empty last part on an exact multiple', async () => {
    expect(await collect(readParts(chunks([]), 4))).toEqual([]);
    expect((await collect(readParts(chunks([4, 4]), 4))).map((part) => part.length)).toEqual([4, 4]);
  });

  it('pulls from the source only as far as the part being built', async () => {
    let pulled = 0;
    async function* counted() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield Buffer.alloc(10);
      }
    }
    const parts = readParts(counted(), 25);
    await parts.next();
    expect(pulled).toBe(3);
    await parts.return(undefined);
  });
});
