import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, matchTotp, totpCode } from './totp.ts';

// RFC 6238 appendix B, SHA-1 column, secret "12345678901234567890"; 8-digit vectors end in our 6 digits.
const secret = base32Encode(Buffer.from('12345678901234567890'));
const vectors: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
];

describe('TOTP', () => {
  it.each(vectors)('matches RFC 6238 at t=%i', (time, expected) => {
    expect(totpCode(secret, Math.floor(time / 30))).toBe(expected.slice(2));
  });

  it('round-trips base32', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 7]);
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
  });

  it('accepts one step of drift, refuses two, and refuses a replayed step', () => {
    const now = 1_700_000_000_000;
    const step = Math.floor(now / 30_000);
    expect(matchTotp(secret, totpCode(secret, step - 1), null, now)).toBe(step - 1);
    expect(matchTotp(secret, totpCode(secret, step + 1), null, now)).toBe(step + 1);
    expect(matchTotp(secret, totpCode(secret, step - 2), null, now)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, step), step, now)).toBeNull();
    expect(matchTotp(secret, 'abcdef', null, now)).toBeNull();
  });
});
