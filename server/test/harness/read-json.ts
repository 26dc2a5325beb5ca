/**
 * A response body for assertions. Tests check shapes with expect(), so the body is deliberately
 * untyped here rather than cast at every call.
 */
// biome-ignore lint/suspicious/noExplicitAny: assertion input, checked by expect()
export const readJson = (response: Response): Promise<any> => response.json();
