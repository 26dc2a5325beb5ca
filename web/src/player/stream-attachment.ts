/** Why a stream stopped for good: `status` is the HTTP status of the refused request, when there was one. */
export type StreamFailure = { status?: number };

export type StreamAttachment = { detach(): void };

type AttachOptions = { startAt: number; onFatal: (failure: StreamFailure) => void };

const NATIVE_HLS = 'application/vnd.apple.mpegurl';

/**
 * Plays an HLS master playlist in `audio`: through hls.js where Media Source Extensions exist (adaptive
 * bitrate under our control, the same on every browser), else through the browser's own HLS (iOS Safari).
 * hls.js is loaded on the first play, so pages that never play anything do not download it.
 */
export async function attachStream(
  audio: HTMLAudioElement,
  url: string,
  { startAt, onFatal }: AttachOptions,
): Promise<StreamAttachment> {
  const { default: Hls } = await import('hls.js/light');
  if (Hls.isSupported()) {
    const hls = new Hls({ startPosition: startAt });
    let recovered = false;
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      // A decoding hiccup is worth one recovery; a refused or lost request is the caller's to handle.
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !recovered) {
        recovered = true;
        hls.recoverMediaError();
        return;
      }
      const status = data.response?.code;
      onFatal(typeof status === 'number' && status > 0 ? { status } : {});
    });
    hls.loadSource(url);
    hls.attachMedia(audio);
    return { detach: () => hls.destroy() };
  }
  if (audio.canPlayType(NATIVE_HLS)) {
    const seekToStart = () => {
      if (startAt > 0) audio.currentTime = startAt;
    };
    const failed = () => onFatal({});
    audio.addEventListener('loadedmetadata', seekToStart, { once: true });
    audio.addEventListener('error', failed);
    audio.src = url;
    return {
      detach() {
        audio.removeEventListener('loadedmetadata', seekToStart);
        audio.removeEventListener('error', failed);
        audio.removeAttribute('src');
        audio.load();
      },
    };
  }
  throw new Error('This browser cannot play streaming audio');
}
