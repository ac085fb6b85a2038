import type * as z from 'zod';
import type { ApiErrorCode } from './views.ts';

/** An answer other than success: HTTP status, a stable code and one sentence for a person. */
export class ApiRefusal extends Error {
  override readonly name = 'ApiRefusal';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

const ISSUES_SHOWN = 3;

/** "owner: Too small…; kind: Invalid option…" — the first few issues, each with the field it is about. */
export function summariseIssues(error: z.ZodError): string {
  const shown = error.issues
    .slice(0, ISSUES_SHOWN)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'body'}: ${i.message}`);
  const more = error.issues.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`;
}

/** A JSON body checked against its schema; an empty body reads as `{}`. */
export function parseBody<T extends z.ZodType>(schema: T, body: string | null): z.infer<T> {
  let raw: unknown = {};
  if (body !== null && body.trim() !== '') {
    try {
      raw = JSON.parse(body);
    } catch {
      throw new ApiRefusal(400, 'malformed_json', 'the request body is not valid JSON');
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ApiRefusal(400, 'invalid_request', summariseIssues(parsed.error));
  return parsed.data;
}

/** Query parameters checked against their schema; empty values (`?owner=`) mean "no filter". */
export function parseQuery<T extends z.ZodType>(
  schema: T,
  query: Readonly<Record<string, string | undefined>>,
): z.infer<T> {
  const present = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) throw new ApiRefusal(400, 'invalid_request', summariseIssues(parsed.error));
  return parsed.data;
}
