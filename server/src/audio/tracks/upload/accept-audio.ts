import type { Config } from '../../../kernel/config/config-schema.ts';
import { type AudioInfo, probeAudio } from '../../transcode/probe-audio.ts';
import type { TracksState } from '../tracks-state.ts';
import { readTagPrefill, type TagPrefill } from './tag-prefill.ts';
import { audioRefused } from './upload-problems.ts';

export interface AcceptedAudio {
  audio: AudioInfo;
  tags: TagPrefill;
}

/**
 * The gate every upload passes before anything is stored: the probe refuses what is not publishable audio
 * (with its problem), and the tags are read for prefilling. The caller discards the file on refusal.
 */
export async function acceptAudio(state: TracksState, config: Config, file: string): Promise<AcceptedAudio> {
  const outcome = await probeAudio(state.tools, file, { maxDurationSeconds: config.maxTrackSeconds });
  if (!outcome.ok) throw audioRefused(outcome.code, outcome.detail);
  return { audio: outcome.audio, tags: await readTagPrefill(file) };
}
