import { parseFile } from 'music-metadata';

/** What a file's own tags offer for its track's metadata. Every field is absent when the tag is. */
export interface TagPrefill {
  title?: string;
  artist?: string;
  album?: string;
  genre?: string;
  /** `YYYY-MM-DD`: the tagged date when it is a full date, else 1 January of the tagged year. */
  releaseDate?: string;
  picture?: { data: Buffer; format: string };
}

const clean = (value: string | undefined, max: number) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, max) : undefined;
};

function releaseDateOf(date: string | undefined, year: number | undefined): string | undefined {
  if (date && /^\d{4}-\d{2}-\d{2}/.test(date)) return date.slice(0, 10);
  if (year && year >= 1000 && year <= 9999) return `${year}-01-01`;
  return undefined;
}

/**
 * Reads ID3, Vorbis comments, RIFF INFO and MP4 atoms through music-metadata. Tags are only a
 * convenience: a file whose tags cannot be parsed still uploads, with nothing prefilled.
 */
export async function readTagPrefill(file: string): Promise<TagPrefill> {
  let common: Awaited<ReturnType<typeof parseFile>>['common'];
  try {
    ({ common } = await parseFile(file, { duration: false, skipCovers: false }));
  } catch {
    return {};
  }
  const prefill: TagPrefill = {};
  const set = <K extends keyof TagPrefill>(key: K, value: TagPrefill[K] | undefined) => {
    if (value !== undefined) prefill[key] = value;
  };
  set('title', clean(common.title, 200));
  set('artist', clean(common.artist, 200));
  set('album', clean(common.album, 200));
  set('genre', clean(common.genre?.[0], 60));
  set('releaseDate', releaseDateOf(common.date, common.year));
  const picture = common.picture?.[0];
  if (picture) set('picture', { data: Buffer.from(picture.data), format: picture.format });
  return prefill;
}
