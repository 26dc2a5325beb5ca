/** Progress goes to stderr, so stdout carries only the report. */
export const progress = (message: string) => process.stderr.write(`${message}\n`);
