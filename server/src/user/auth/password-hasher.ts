import { type Algorithm, hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id: the package declares a const enum, which isolated modules cannot read.
const ARGON2ID = 2 as Algorithm;

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane) keeps a sign-in near 30 ms on one core.
// @node-rs/argon2 ships a prebuilt binary per platform and needs no install script or compiler.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export const verifyPassword = (stored: string, password: string): Promise<boolean> =>
  verify(stored, password).catch(() => false);

// Verified when no account matches, so "no such account" takes as long as "wrong password".
let decoy: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  decoy ??= hashPassword('veza-decoy-password');
  await verifyPassword(await decoy, password);
}
