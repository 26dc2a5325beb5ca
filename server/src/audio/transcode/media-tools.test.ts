import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { locateMediaTools, MediaToolError, runMediaTool } from './media-tools.ts';

it('finds the tools on PATH first and the npm-shipped ones when asked', async () => {
  const system = await locateMediaTools();
  const bundled = await locateMediaTools({ prefer: 'bundled' });
  // Where PATH has none (a fresh machine), the default falls back to the npm-shipped build.
  expect(system.ffmpeg).toBe(system.source.ffmpeg === 'system' ? 'ffmpeg' : bundled.ffmpeg);
  expect(bundled.source).toEqual({ ffmpeg: 'bundled', ffprobe: 'bundled' });
  expect(bundled.ffmpeg).toMatch(/node_modules\/@ffmpeg-installer\//);
  for (const tools of [system, bundled]) {
    const { stdout } = await runMediaTool(tools, 'ffmpeg', ['-version']);
    expect(stdout).toMatch(/^ffmpeg version/);
  }
});

it('runs at low priority when nice exists', async () => {
  const tools = await locateMediaTools();
  expect(tools.nice).toBe('nice');
});

it('rejects a failed run with its stderr, and never hands a file name to a shell', async () => {
  const tools = await locateMediaTools();
  const marker = join(tmpdir(), `veza-shell-${process.pid}-${Date.now()}`);
  const error = await runMediaTool(tools, 'ffprobe', [
    '-v',
    'error',
    `/nonexistent/$(touch ${marker}); x.mp3`,
  ]).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MediaToolError);
  expect(existsSync(marker)).toBe(false);
  expect((error as MediaToolError).stderr).toContain('No such file or directory');
});
