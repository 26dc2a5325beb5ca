export interface SeededNote {
  id: string;
  title: string;
  body: string;
  version: number;
}

/** Creates the note the read benchmark fetches, through the notes fixture's own API. */
export async function seedNote(baseUrl: string): Promise<SeededNote> {
  const response = await fetch(`${baseUrl}/api/v1/notes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Mixdown notes for "Night Drive"',
      body:
        'Kick is masking the bass around 60 Hz: sidechain the bass, cut 3 dB at 250 Hz on the pads, ' +
        'and bring the hi-hats down 1.5 dB in the second chorus. Master at -9 LUFS integrated.',
    }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== 201)
    throw new Error(`seeding a note failed: POST /api/v1/notes → ${response.status} ${text}`);
  return JSON.parse(text) as SeededNote;
}
