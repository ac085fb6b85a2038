/** A local-stack failure with a one-line message a person can act on; `npm start` prints only that. */
export class LocalStackError extends Error {
  override readonly name = 'LocalStackError';
}
