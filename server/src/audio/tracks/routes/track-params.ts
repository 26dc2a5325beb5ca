import { Type } from 'typebox';

export const TrackId = Type.Object({ id: Type.String({ format: 'uuid' }) });
