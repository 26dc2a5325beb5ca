/** The page of a track: through its unlisted link when that is how the listener got it. */
export const trackPath = (trackId: string, secret?: string) =>
  secret ? `/t/s/${encodeURIComponent(secret)}` : `/tracks/${encodeURIComponent(trackId)}`;
