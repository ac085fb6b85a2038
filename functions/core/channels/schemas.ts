import type { Channel } from '../contact.ts';
import * as z from '../zod.ts';
import { chatPayloadSchema } from './chat.ts';
import { emailJsonSchema, emailPayloadSchema, rawMimeSchema } from './email.ts';
import { socialPayloadSchema } from './social.ts';

/**
 * What each channel accepts over HTTP: the same zod schemas the adapters parse with. The local HTTP intake
 * validates with them; the API Gateway models and docs/channels.md are generated from them.
 */
export const INTAKE_SCHEMAS = {
  email: emailPayloadSchema,
  chat: chatPayloadSchema,
  social: socialPayloadSchema,
} as const satisfies Record<Channel, z.ZodMiniType>;

/**
 * The schema one parsed body is checked against: the channel's, except that an email body is checked as
 * the branch it is meant to be (`rawMime` present or not), as the adapter reads it, so a refusal names
 * the missing field instead of "matches neither branch".
 */
export function intakeSchemaFor(channel: Channel, json: unknown): z.ZodMiniType {
  if (channel !== 'email') return INTAKE_SCHEMAS[channel];
  return typeof json === 'object' && json !== null && 'rawMime' in json ? rawMimeSchema : emailJsonSchema;
}

export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * Keywords of JSON Schema draft 4 that API Gateway's request validator applies. `format` and `pattern`
 * are left out: zod's e-mail and date-time checks are not the validator's, and a request one accepts
 * and the other refuses must reach the intake, which dead-letters it with zod's reason.
 */
const API_GATEWAY_KEYWORDS = new Set([
  '$schema',
  'title',
  'description',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'enum',
  'anyOf',
  'allOf',
  'oneOf',
  'not',
  'default',
]);

const SCHEMA_MAP_KEYWORDS = new Set(['properties']);
const SCHEMA_KEYWORDS = new Set(['items', 'not', 'additionalProperties']);
const SCHEMA_LIST_KEYWORDS = new Set(['anyOf', 'allOf', 'oneOf']);

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keeps `keep(keyword, schema)` keywords at every level, recursing into nested schemas only. */
function filterSchema(
  schema: JsonSchema,
  keep: (keyword: string, schema: JsonSchema) => boolean,
): JsonSchema {
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (!keep(keyword, schema)) continue;
    if (SCHEMA_MAP_KEYWORDS.has(keyword) && isSchema(value)) {
      out[keyword] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, isSchema(sub) ? filterSchema(sub, keep) : sub]),
      );
    } else if (SCHEMA_KEYWORDS.has(keyword) && isSchema(value)) {
      out[keyword] = filterSchema(value, keep);
    } else if (SCHEMA_LIST_KEYWORDS.has(keyword) && Array.isArray(value)) {
      out[keyword] = value.map((sub: unknown) => (isSchema(sub) ? filterSchema(sub, keep) : sub));
    } else {
      out[keyword] = value;
    }
  }
  return out;
}

/** Draft 4, as a client sends it: fields with defaults are optional (zod's `input` side). */
function draft4(channel: Channel): JsonSchema {
  return z.toJSONSchema(INTAKE_SCHEMAS[channel], { target: 'draft-4', io: 'input' }) as JsonSchema;
}

/**
 * The schema as documented in docs/channels.md: everything zod knows, except a `pattern` next to a
 * `format` (zod spells out its e-mail and date-time checks as long regexes; the format says the same).
 */
export function documentedJsonSchema(channel: Channel): JsonSchema {
  return filterSchema(draft4(channel), (keyword, schema) => !(keyword === 'pattern' && 'format' in schema));
}

/** The API Gateway model of a channel: the draft-4 subset its validator supports (see API_GATEWAY_KEYWORDS). */
export function apiGatewayJsonSchema(channel: Channel): JsonSchema {
  return filterSchema(draft4(channel), (keyword) => API_GATEWAY_KEYWORDS.has(keyword));
}
