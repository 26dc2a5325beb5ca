import path from 'node:path';

/** The monorepo root: child servers run from here, so `--import tsx` resolves from its node_modules. */
export const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** The bare `node:http` servers the kernel is compared with. */
export const baseline = (file: string) => path.join(repoRoot, 'bench/src/baselines', file);

/** The real `veza` command plus the test fixture services (notes, tally). */
export const vezaWithFixtures = path.join(repoRoot, 'server/test/fixtures/veza-with-fixtures.ts');

/** The real `veza` command with the audio fixture standing in for the tracks service (stream benchmark). */
export const vezaWithAudioFixture = path.join(repoRoot, 'server/test/fixtures/veza-with-audio-fixture.ts');
