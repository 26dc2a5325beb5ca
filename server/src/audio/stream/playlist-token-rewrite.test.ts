import { describe, expect, it } from 'vitest';
import { addTokenToDashManifest, addTokenToHlsPlaylist } from './playlist-token-rewrite.ts';

const TOKEN = `1795000000.${'a'.repeat(43)}`;

describe('addTokenToHlsPlaylist', () => {
  it('adds the token to URI lines and URI attributes, and leaves the rest alone', () => {
    const playlist = [
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      '#EXT-X-MAP:URI="init.mp4"',
      '#EXTINF:6.000000,',
      'seg-00000.m4s',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="alt/index.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=140000,CODECS="mp4a.40.2"',
      '128/index.m3u8',
      '',
      '#EXT-X-ENDLIST',
      '',
    ].join('\n');
    expect(addTokenToHlsPlaylist(playlist, TOKEN)).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        `#EXT-X-MAP:URI="init.mp4?t=${TOKEN}"`,
        '#EXTINF:6.000000,',
        `seg-00000.m4s?t=${TOKEN}`,
        `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="alt/index.m3u8?t=${TOKEN}"`,
        '#EXT-X-STREAM-INF:BANDWIDTH=140000,CODECS="mp4a.40.2"',
        `128/index.m3u8?t=${TOKEN}`,
        '',
        '#EXT-X-ENDLIST',
        '',
      ].join('\n'),
    );
  });

  it('joins an existing query with &, keeps fragments last, and handles CRLF lines', () => {
    expect(addTokenToHlsPlaylist('#EXTM3U\r\nseg.m4s?x=1#frag\r\n', TOKEN)).toBe(
      `#EXTM3U\r\nseg.m4s?x=1&t=${TOKEN}#frag\r\n`,
    );
  });

  it('never sends the token to another host', () => {
    const playlist =
      '#EXTM3U\n#EXT-X-MAP:URI="https://elsewhere.example/init.mp4"\n//cdn.example/seg.m4s\nhttp://x/y\n';
    expect(addTokenToHlsPlaylist(playlist, TOKEN)).toBe(playlist);
  });
});

describe('addTokenToDashManifest', () => {
  it('adds the token to media, sourceURL, initialization, index and BaseURL, escaped for XML', () => {
    const manifest = [
      '<MPD mediaPresentationDuration="PT14.000S">',
      '<BaseURL>audio/</BaseURL>',
      '<SegmentTemplate media="$Number$.m4s" initialization="init.mp4" index="sidx.mp4"/>',
      '<Initialization sourceURL="128/init.mp4"/>',
      '<SegmentURL media="128/seg-00000.m4s?v=2"/>',
      '<SegmentURL media="https://elsewhere.example/seg.m4s"/>',
      '</MPD>',
    ].join('\n');
    expect(addTokenToDashManifest(manifest, TOKEN)).toBe(
      [
        '<MPD mediaPresentationDuration="PT14.000S">',
        `<BaseURL>audio/?t=${TOKEN}</BaseURL>`,
        `<SegmentTemplate media="$Number$.m4s?t=${TOKEN}" initialization="init.mp4?t=${TOKEN}" index="sidx.mp4?t=${TOKEN}"/>`,
        `<Initialization sourceURL="128/init.mp4?t=${TOKEN}"/>`,
        `<SegmentURL media="128/seg-00000.m4s?v=2&amp;t=${TOKEN}"/>`,
        '<SegmentURL media="https://elsewhere.example/seg.m4s"/>',
        '</MPD>',
      ].join('\n'),
    );
  });
});
