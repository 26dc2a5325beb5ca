// Tempo and key of one PCM buffer with essentia.js, in its own worker thread: the WebAssembly
// analysis is seconds of CPU that must not stall the event loop, and a thread can be terminated
// when it runs past its time budget. One worker per analysis, so a wasm abort or leak dies with it.
//
// Plain JavaScript on purpose: a worker needs a file path, and a .mjs file loads unchanged both
// from the sources (tests) and next to the server bundle (server/bin/build-bundle.js copies every
// `*-worker.mjs` of src/ into dist/).
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const EssentiaWASM = require('essentia.js/dist/essentia-wasm.umd.js');
const Essentia = require('essentia.js/dist/essentia.js-core.umd.js');

if (!EssentiaWASM.calledRun) {
  await new Promise((resolve) => {
    EssentiaWASM.onRuntimeInitialized = resolve;
  });
}

/** @type {{ pcm: Float32Array, sampleRate: number }} */
const { pcm, sampleRate } = workerData;
const essentia = new Essentia(EssentiaWASM);
const signal = essentia.arrayToVector(pcm);
try {
  // RhythmExtractor2013's default "multifeature" method: the most accurate of essentia's beat
  // trackers; it assumes 44.1 kHz, which is what the decoder delivers.
  const rhythm = essentia.RhythmExtractor2013(signal);
  // KeyExtractor's defaults ("bgate" profile, 4096-sample frames) with the sample rate made explicit.
  const key = essentia.KeyExtractor(signal, true, 4096, 4096, 12, 3500, 60, 25, 0.2, 'bgate', sampleRate);
  parentPort?.postMessage({
    bpm: rhythm.bpm,
    confidence: rhythm.confidence,
    key: key.key,
    scale: key.scale,
    strength: key.strength,
  });
} finally {
  signal.delete();
}
