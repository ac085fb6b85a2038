import type { z } from 'zod';
import { RejectionError } from '../errors.ts';

/** SQS caps a message at 256 KB; anything larger did not come through a queue we know. */
export const MAX_PAYLOAD_BYTES = 262_144;

/** Parses a JSON payload against a schema; every failure becomes a RejectionError naming the field. */
export function parsePayload<T extends z.ZodType>(body: string, schema: T, what: string): z.infer<T> {
  if (Buffer.byteLength(body, 'utf8') > MAX_PAYLOAD_BYTES) {
    throw new RejectionError('too_large', `${what} payload is over ${MAX_PAYLOAD_BYTES} bytes`);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new RejectionError(
      'malformed_json',
      `${what} payload is not valid JSON (${(error as Error).message})`,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? issue.path.join('.') : '(root)';
    const code =
      issue?.code === 'invalid_type' && issue.message.includes('undefined')
        ? 'missing_field'
        : 'invalid_field';
    throw new RejectionError(code, `${what} payload field '${path}': ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
