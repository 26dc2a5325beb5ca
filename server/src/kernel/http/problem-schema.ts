import { Type } from 'typebox';

/** RFC 9457 problem details, with Veza's stable `code`. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable, machine-readable error code (see docs/api/errors.md)' }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(Type.Object({ location: Type.String(), message: Type.String() }), {
        description: 'Each schema violation, for code validation_failed',
      }),
    ),
  },
  { $id: 'Problem', additionalProperties: true },
);

export const problemRef = Type.Ref('Problem');

/** Response schemas for the given error statuses, for route definitions and the OpenAPI document. */
export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, problemRef]));
