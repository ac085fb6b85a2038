import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  apiGatewayJsonSchema,
  documentedJsonSchema,
  INTAKE_SCHEMAS,
  type JsonSchema,
} from '../../functions/core/channels/schemas.ts';
import { CHANNELS } from '../../functions/core/contact.ts';
import { CHANNELS_DOC, schemaBlock, withCurrentSchemas } from '../../local/http/schema-docs.ts';
import { chatPayload, emailPayload, socialPayload } from '../helpers/factories.ts';

/** Every keyword used anywhere in a schema (property names of `properties` excluded). */
function keywords(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) keywords(item, found);
  } else if (typeof schema === 'object' && schema !== null) {
    for (const [key, value] of Object.entries(schema)) {
      found.add(key);
      if (key === 'properties') for (const sub of Object.values(value as JsonSchema)) keywords(sub, found);
      else keywords(value, found);
    }
  }
  return found;
}

describe('channel JSON Schemas', () => {
  it.each(CHANNELS)(
    'gives API Gateway a draft-4 %s model with only keywords its validator applies',
    (channel) => {
      // Act
      const schema = apiGatewayJsonSchema(channel);

      // Assess
      expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
      const used = keywords(schema);
      expect(used.has('format')).toBe(false);
      expect(used.has('pattern')).toBe(false);
      expect(used.has('$ref')).toBe(false);
      expect(used.has('required')).toBe(true);
    },
  );

  it('keeps the shape zod checks: required fields, enums and bounds', () => {
    const chat = apiGatewayJsonSchema('chat') as {
      required: string[];
      properties: { turns: { minItems: number; items: { properties: { role: { enum: string[] } } } } };
    };
    expect(chat.required).toEqual(['conversationId', 'customer', 'turns']);
    expect(chat.properties.turns.minItems).toBe(1);
    expect(chat.properties.turns.items.properties.role.enum).toEqual(['customer', 'agent']);

    const email = apiGatewayJsonSchema('email') as { anyOf: { required: string[] }[] };
    expect(email.anyOf.map((branch) => branch.required)).toEqual([
      ['messageId', 'from', 'text'],
      ['rawMime'],
    ]);

    // fields with a default are optional for the sender
    const social = apiGatewayJsonSchema('social') as { properties: { author: { required: string[] } } };
    expect(social.properties.author.required).toEqual(['handle', 'followers']);
  });

  it('documents formats but not the regexes zod spells them out with', () => {
    const used = keywords(documentedJsonSchema('social'));
    expect(used.has('format')).toBe(true);
    expect(used.has('pattern')).toBe(false);
  });

  it.each([
    ['email', emailPayload('Still no refund.')],
    ['chat', chatPayload('Where is my parcel?')],
    ['social', socialPayload()],
  ] as const)(
    'accepts the test factory %s payload with the same zod schema the HTTP intake uses',
    (channel, body) => {
      expect(INTAKE_SCHEMAS[channel].safeParse(JSON.parse(body)).success).toBe(true);
    },
  );

  it('docs/channels.md shows the schemas the code has (node --import tsx local/http/schema-docs.ts)', () => {
    // Prepare
    const doc = readFileSync(CHANNELS_DOC, 'utf8');

    // Assess
    for (const channel of CHANNELS) expect(doc).toContain(schemaBlock(channel));
    expect(withCurrentSchemas(doc)).toBe(doc);
  });
});
