/**
 * An error a client can act on. The HTTP kernel turns it into an RFC 9457 problem+json body whose
 * `code` is stable: clients branch on the code, never on the wording of `title` or `detail`.
 */
export class ProblemError extends Error {
  override name = 'ProblemError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

export const notFound = (what: string) =>
  new ProblemError(404, 'not_found', 'Not found', `${what} does not exist`);
