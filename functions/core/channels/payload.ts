import { RejectionError } from '../errors.ts';
import type * as z from '../zod.ts';

/** SQS caps a message at 256 KB; anything larger did not come through a queue we know. */
export const MAX_PAYLOAD_BYTES = 262_144;

/** Parses a JSON payload against a schema; every failure becomes a RejectionError naming the field. */
export function parsePayload<T extends z.ZodMiniType>(body: string, schema: T, what: string): z.infer<T> {
  return validatePayload(parseJson(body, what), schema, what);
}

/** The size check and JSON.parse of parsePayload, for bodies whose shape is decided after parsing. */
export function parseJson(body: string, what: string): unknown {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: short bodies need no byte count.
  if (body.length > MAX_PAYLOAD_BYTES / 3 && Buffer.byteLength(body, 'utf8') > MAX_PAYLOAD_BYTES) {
    throw new RejectionError('too_large', `${what} payload is over ${MAX_PAYLOAD_BYTES} bytes`);
  }
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new RejectionError(
      'malformed_json',
      `${what} payload is not valid JSON${jsonErrorPosition(error)}`,
    );
  }
}

/** The schema step of parsePayload: `missing_field` or `invalid_field`, with the path of the first issue. */
export function validatePayload<T extends z.ZodMiniType>(json: unknown, schema: T, what: string): z.infer<T> {
  // Not z.compile: its generated fast path saved 0.5-8 µs a payload (chat-social) but put ~32 KB of code
  // generator in each intake bundle, where a message costs milliseconds of SQS anyway.
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

/**
 * Where JSON.parse gave up, without its message: V8 quotes the text around the error, and that text is
 * the customer's, which must not reach a DLQ attribute or a log line.
 */
export function jsonErrorPosition(error: unknown): string {
  const at = /position (\d+)/.exec((error as Error).message)?.[1];
  return at ? ` (at character ${at})` : '';
}
