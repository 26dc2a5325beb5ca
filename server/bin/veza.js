#!/usr/bin/env node
// The `veza` command: runs the server's TypeScript sources, bundled on first use after a change.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBundle } from './build-bundle.js';

process.setSourceMapsEnabled(true);
mkdirSync(path.resolve(import.meta.dirname, '../dist'), { recursive: true });
await import(pathToFileURL(await ensureBundle()).href);
