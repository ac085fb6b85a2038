/**
 * The JSON Schemas in docs/channels.md are generated from the adapters' zod schemas, between
 * `<!-- schema:<channel> -->` and `<!-- /schema:<channel> -->`. Regenerate after changing a schema:
 *
 *   node --import tsx local/http/schema-docs.ts
 *
 * tests/unit/channels-schemas.test.ts fails while the document and the schemas disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { documentedJsonSchema } from '../../functions/core/channels/schemas.ts';
import { CHANNELS, type Channel } from '../../functions/core/contact.ts';

export const CHANNELS_DOC = fileURLToPath(new URL('../../docs/channels.md', import.meta.url));

const open = (channel: Channel) => `<!-- schema:${channel} -->`;
const close = (channel: Channel) => `<!-- /schema:${channel} -->`;

/** The generated block of one channel, markers included. */
export function schemaBlock(channel: Channel): string {
  const schema = JSON.stringify(documentedJsonSchema(channel), null, 2);
  return `${open(channel)}\n\`\`\`json\n${schema}\n\`\`\`\n${close(channel)}`;
}

/** The document with every channel's block replaced by the current one; throws if a marker is missing. */
export function withCurrentSchemas(doc: string): string {
  let out = doc;
  for (const channel of CHANNELS) {
    const start = out.indexOf(open(channel));
    const end = out.indexOf(close(channel));
    if (start < 0 || end < start)
      throw new Error(`docs/channels.md has no ${open(channel)} … ${close(channel)}`);
    out = `${out.slice(0, start)}${schemaBlock(channel)}${out.slice(end + close(channel).length)}`;
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const doc = readFileSync(CHANNELS_DOC, 'utf8');
  const updated = withCurrentSchemas(doc);
  if (updated !== doc) writeFileSync(CHANNELS_DOC, updated);
  process.stdout.write(`${updated === doc ? 'unchanged' : 'updated'}: ${CHANNELS_DOC}\n`);
}
