/** TanStack Query keys of the audio data. */
export const trackKeys = {
  all: ['tracks'] as const,
  track: (id: string) => ['tracks', 'by-id', id] as const,
  shared: (secret: string) => ['tracks', 'shared', secret] as const,
  mine: ['tracks', 'mine'] as const,
  artist: (username: string) => ['tracks', 'artist', username.toLowerCase()] as const,
  /** Peaks never change for a version, whatever URL (signed or not) they came from. */
  waveform: (id: string, version: number) => ['tracks', 'waveform', id, version] as const,
};
