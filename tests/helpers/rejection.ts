import { RejectionError } from '../../functions/core/errors.ts';

/** The RejectionError a promise fails with; fails the test if it resolves or fails otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<RejectionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RejectionError)) throw new Error(`expected a RejectionError, got ${String(error)}`);
  return error;
}
