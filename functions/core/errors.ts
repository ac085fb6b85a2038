/**
 * The two ways a message can fail. The batch runner (functions/shared/sqs-batch.ts) is the one place
 * that acts on them: a RejectionError is poison — retrying cannot help, so the message goes straight
 * to its DLQ with this reason; anything else is thrown back to SQS to be retried, and reaches the
 * DLQ only after maxReceiveCount attempts.
 */
export class RejectionError extends Error {
  override readonly name = 'RejectionError';
  constructor(
    /** Stable machine-readable code, e.g. `malformed_json`, `missing_field`, `unknown_channel`. */
    readonly code: string,
    /** One readable sentence; never contains the customer's text. */
    readonly reason: string,
  ) {
    super(`${code}: ${reason}`);
  }
}

/** A dependency failed in a way a later attempt may not (throttle, timeout); SQS will redeliver. */
export class RetryableError extends Error {
  override readonly name = 'RetryableError';
}
