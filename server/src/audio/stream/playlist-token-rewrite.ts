import { MEDIA_TOKEN_PARAM } from '../shared/media-url-signature.ts';

/**
 * A private or unlisted track's playlists are served with the token of the request added to every URI
 * they list, so a player that fetched `master.m3u8?t=…` fetches the rendition playlists, init and media
 * segments with it too (players resolve relative URIs against the playlist's URL without its query).
 *
 * Only relative URIs are touched: a token never goes to another host. The token itself is URL-safe
 * (digits, `.`, base64url), checked by MediaUrlSigner before it gets here.
 */

const ABSOLUTE = /^(?:[a-z][a-z\d+.-]*:|\/\/)/i;

function withToken(uri: string, token: string, separator: string): string {
  if (uri === '' || ABSOLUTE.test(uri)) return uri;
  const hash = uri.indexOf('#');
  const path = hash === -1 ? uri : uri.slice(0, hash);
  const fragment = hash === -1 ? '' : uri.slice(hash);
  return `${path}${path.includes('?') ? separator : '?'}${MEDIA_TOKEN_PARAM}=${token}${fragment}`;
}

/** HLS: every URI line, and every `URI="…"` attribute of a tag (EXT-X-MAP, EXT-X-MEDIA, EXT-X-KEY…). */
export function addTokenToHlsPlaylist(playlist: string, token: string): string {
  return playlist
    .split('\n')
    .map((line) => {
      const trimmed = line.trim();
      if (trimmed === '') return line;
      if (trimmed.startsWith('#'))
        return line.replace(/URI="([^"]*)"/g, (_, uri: string) => `URI="${withToken(uri, token, '&')}"`);
      return line.replace(trimmed, withToken(trimmed, token, '&'));
    })
    .join('\n');
}

/**
 * DASH: the attributes that hold URIs (`media`, `sourceURL`, `initialization`, `index`) and BaseURL
 * elements. In XML an added `&` is written `&amp;`.
 */
export function addTokenToDashManifest(manifest: string, token: string): string {
  return manifest
    .replace(
      /\b(media|sourceURL|initialization|index)="([^"]*)"/g,
      (_, name: string, uri: string) => `${name}="${withToken(uri, token, '&amp;')}"`,
    )
    .replace(
      /<BaseURL([^>]*)>([^<]*)<\/BaseURL>/g,
      (_, attributes: string, uri: string) =>
        `<BaseURL${attributes}>${withToken(uri.trim(), token, '&amp;')}</BaseURL>`,
    );
}
