import { isDeepStrictEqual } from 'node:util';

/** Thrown when a baseline does not answer what Veza answers: comparing them would be meaningless. */
export class BaselineMismatchError extends Error {
  override name = 'BaselineMismatchError';
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

/** Checks that both URLs answer 200 with the same JSON, before any load is put on them. */
export async function assertSameResponse(ours: string, bare: string): Promise<void> {
  const [a, b] = await Promise.all([getJson(ours), getJson(bare)]);
  if (a.status !== 200 || b.status !== 200 || !isDeepStrictEqual(a.body, b.body)) {
    throw new BaselineMismatchError(
      `the baseline does not answer what Veza answers:\n  ${ours} → ${a.status} ${JSON.stringify(a.body)}\n` +
        `  ${bare} → ${b.status} ${JSON.stringify(b.body)}`,
    );
  }
}
