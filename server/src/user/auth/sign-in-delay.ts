/**
 * Progressive delay after failed sign-ins on one account: free for the first few typos, then doubling
 * from 250 ms up to 8 s, so guessing gets slow long before the per-account rate limit refuses outright.
 */
export function signInDelayMs(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(250 * 2 ** (failures - 3), 8000);
}
