import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HlsLadder, Rendition } from './hls-ladder.ts';

export const DASH_MANIFEST = 'manifest.mpd';

/**
 * Writes `<outDir>/manifest.mpd` over the fMP4 segments the HLS ladder already wrote, so one set of
 * files serves both protocols. SegmentList with a SegmentTimeline names every file exactly as the HLS
 * playlist does (no numbering convention to keep in step) and carries each segment's real duration.
 */
export async function writeDashManifest(outDir: string, ladder: HlsLadder): Promise<string> {
  await writeFile(join(outDir, DASH_MANIFEST), dashManifest(ladder));
  return DASH_MANIFEST;
}

export function dashManifest(ladder: HlsLadder): string {
  const timescale = ladder.sampleRate;
  const representations = [...ladder.renditions]
    .sort((a, b) => a.kbps - b.kbps)
    .map((r) => representation(r, ladder, timescale));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-main:2011" type="static"',
    `     mediaPresentationDuration="${isoDuration(ladder.durationSeconds)}" minBufferTime="PT2S">`,
    '  <Period id="0" start="PT0S">',
    `    <AdaptationSet id="0" contentType="audio" mimeType="audio/mp4" codecs="${ladder.codecs}" audioSamplingRate="${ladder.sampleRate}" segmentAlignment="true" startWithSAP="1">`,
    `      <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="${ladder.channels}"/>`,
    ...representations,
    '    </AdaptationSet>',
    '  </Period>',
    '</MPD>',
    '',
  ].join('\n');
}

function representation(r: Rendition, ladder: HlsLadder, timescale: number): string {
  const timeline = r.segments.map((s) => `            <S d="${Math.round(s.durationSeconds * timescale)}"/>`);
  const urls = r.segments.map((s) => `          <SegmentURL media="${xmlAttr(`${r.dir}/${s.uri}`)}"/>`);
  return [
    `      <Representation id="${xmlAttr(r.dir)}" bandwidth="${r.peakBitRate}" codecs="${ladder.codecs}" audioSamplingRate="${ladder.sampleRate}">`,
    `        <SegmentList timescale="${timescale}">`,
    `          <Initialization sourceURL="${xmlAttr(`${r.dir}/${r.init}`)}"/>`,
    '          <SegmentTimeline>',
    ...timeline,
    '          </SegmentTimeline>',
    ...urls,
    '        </SegmentList>',
    '      </Representation>',
  ].join('\n');
}

function isoDuration(seconds: number): string {
  return `PT${seconds.toFixed(3)}S`;
}

function xmlAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
