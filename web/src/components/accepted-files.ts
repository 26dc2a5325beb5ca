/** What a file picker offers; the server probes the content itself, so these are only hints to the dialog. */
export const AUDIO_FILES = 'audio/*,.wav,.flac,.aiff,.aif,.mp3,.ogg,.opus,.m4a,.aac';

/** The image types the server renders artwork, avatars and banners from. */
export const IMAGE_FILES = 'image/png,image/jpeg,image/webp';
