import { ApiError } from '../api/api-error.ts';

/** The message a person should read for a failed call: the problem's `detail`, else its title. */
export function problemMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail ?? error.title;
  if (error instanceof TypeError)
    return 'The server could not be reached. Check your connection and try again.';
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}

/** A form's error, announced as it appears. Renders nothing without an error. */
export function ProblemAlert({ error, id }: { error: unknown; id?: string }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <p className="alert" role="alert" id={id} data-code={code}>
      {problemMessage(error)}
    </p>
  );
}
