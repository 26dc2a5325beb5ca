// hls.js ships its light build (no subtitles, alternate audio, DRM: nothing an audio player uses) without
// declarations of its own; its API is the full build's.
declare module 'hls.js/light' {
  export * from 'hls.js';
  export { default } from 'hls.js';
}
