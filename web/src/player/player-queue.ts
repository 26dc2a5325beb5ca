import type { Track } from '../api/track-types.ts';

/**
 * One place in the queue. `secret` is set when the track was opened through an unlisted link: its signed
 * playback URLs are renewed through that link, since the track's own id answers 404 to everyone else.
 */
export type QueueEntry = { key: string; track: Track; secret?: string };

export type Queue = { entries: readonly QueueEntry[]; index: number };

let counter = 0;
/** A queue may hold the same track twice; each place gets its own key. */
export const queueEntry = (track: Track, secret?: string): QueueEntry => ({
  key: `${track.id}#${++counter}`,
  track,
  ...(secret ? { secret } : {}),
});

/** Puts `entry` right after the current one and makes it current; what played before stays behind it. */
export function insertNext({ entries, index }: Queue, entry: QueueEntry): Queue {
  const at = index + 1;
  return { entries: [...entries.slice(0, at), entry, ...entries.slice(at)], index: at };
}

export function append({ entries, index }: Queue, entry: QueueEntry): Queue {
  return { entries: [...entries, entry], index };
}

/** Removes one place; removing the current one leaves the next one current (or the new last one). */
export function removeAt({ entries, index }: Queue, at: number): Queue {
  const rest = entries.filter((_, i) => i !== at);
  if (at < index) return { entries: rest, index: index - 1 };
  return { entries: rest, index: Math.min(index, rest.length - 1) };
}

/** The entry a track's page refers to when it is the one playing. */
export const currentEntry = ({ entries, index }: Queue): QueueEntry | undefined => entries[index];
