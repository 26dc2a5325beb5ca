import { describe, expect, it } from 'vitest';
import { parseRangeHeader, resolveRange } from './range-header.ts';

describe('parseRangeHeader', () => {
  it('reads one byte range: bounded, open-ended or a suffix', () => {
    expect(parseRangeHeader('bytes=0-99')).toEqual({ start: 0, end: 99 });
    expect(parseRangeHeader(' bytes=100- ')).toEqual({ start: 100 });
    expect(parseRangeHeader('bytes=-500')).toEqual({ suffix: 500 });
  });

  it('ignores what it should not honour: none, several ranges, another unit, nonsense, end before start', () => {
    for (const header of [
      undefined,
      'bytes=0-1,4-5',
      'items=0-1',
      'bytes=a-b',
      'bytes=-',
      'bytes=5-4',
      'bytes=1-2-3',
    ])
      expect(parseRangeHeader(header), String(header)).toBeNull();
  });
});

describe('resolveRange', () => {
  it('clamps the end to the last byte and turns a suffix into offsets', () => {
    expect(resolveRange({ start: 10, end: 5_000 }, 100)).toEqual({ start: 10, end: 99 });
    expect(resolveRange({ start: 10 }, 100)).toEqual({ start: 10, end: 99 });
    expect(resolveRange({ suffix: 30 }, 100)).toEqual({ start: 70, end: 99 });
    expect(resolveRange({ suffix: 300 }, 100)).toEqual({ start: 0, end: 99 });
  });

  it('is unsatisfiable from the end on, for an empty suffix and for an empty file', () => {
    expect(resolveRange({ start: 100 }, 100)).toBeNull();
    expect(resolveRange({ suffix: 0 }, 100)).toBeNull();
    expect(resolveRange({ suffix: 10 }, 0)).toBeNull();
  });
});
