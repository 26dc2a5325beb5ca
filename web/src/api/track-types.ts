import type { BodyOf, ResponseOf } from './api-shapes.ts';

/** Shapes of the tracks API (service `tracks`, docs/api/audio.md), from the generated SDK. */

export type Track = ResponseOf<'/api/v1/tracks/{id}', 'get'>;
export type TrackPage = ResponseOf<'/api/v1/tracks/mine', 'get'>;
export type TrackChanges = BodyOf<'/api/v1/tracks/{id}', 'patch'>;
export type Playback = NonNullable<Track['playback']>;
export type Visibility = Track['visibility'];
export type License = Track['license'];
