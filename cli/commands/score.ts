import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { ADAPTERS } from '../../functions/core/channels/index.ts';
import { normalise } from '../../functions/core/channels/normalise.ts';
import type { Channel, Contact } from '../../functions/core/contact.ts';
import { RejectionError } from '../../functions/core/errors.ts';
import { emptyHistory } from '../../functions/core/history.ts';
import { scoreFrustration } from '../../functions/core/scoring/frustration.ts';
import { DEFAULT_THRESHOLDS, decideTier } from '../../functions/core/scoring/tier.ts';
import { scoreViralRisk } from '../../functions/core/scoring/viral-risk.ts';
import { loadEmbeddedModel } from '../../functions/core/text-model/embedded-model.ts';
import { type Command, channelArg } from '../args.ts';

const lineSchema = z.object({ id: z.union([z.string(), z.number()]), text: z.string() });
const NO_HISTORY = emptyHistory('score');

/**
 * Batch scoring for evaluations and backfills: JSON lines in, one JSON line out per input, in order.
 * First-contact scores (no customer history); a line that cannot be scored gets an `error` instead.
 */
export const scoreCommand: Command = {
  usage:
    'score [--channel email|chat|social] [FILE|-]   JSON lines {"id","text"} (or channel payloads) → scores',
  async run(argv) {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { channel: { type: 'string' } },
    });
    const channel = values.channel === undefined ? undefined : (channelArg(values.channel, false) as Channel);
    const model = loadEmbeddedModel();
    const input =
      positionals[0] && positionals[0] !== '-'
        ? (await import('node:fs')).createReadStream(positionals[0])
        : process.stdin;
    const out: string[] = [];
    const flush = () => {
      if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
      out.length = 0;
    };
    let n = 0;
    for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      if (line.trim() === '') continue;
      n++;
      out.push(JSON.stringify(await scoreLine(line, n, channel, model)));
      if (out.length >= 1000) flush();
    }
    flush();
  },
};

async function scoreLine(
  line: string,
  n: number,
  channel: Channel | undefined,
  model: ReturnType<typeof loadEmbeddedModel>,
) {
  let id: string | number = n;
  try {
    let contact: Contact;
    if (channel) {
      contact = await ADAPTERS[channel].toContact(line, { receivedAt: new Date().toISOString() });
      id = contact.id;
    } else {
      const parsed = lineSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new RejectionError('invalid_field', 'each line needs "id" and "text"');
      id = parsed.data.id;
      contact = normalise({
        channel: 'chat',
        sourceId: String(id),
        receivedAt: new Date(0).toISOString(),
        identity: { handle: 'score' },
        threadKey: 'score',
        text: parsed.data.text,
        isPublic: false,
      });
    }
    const negative = model.probability(contact.text);
    const at = new Date(contact.receivedAt);
    const frustration = scoreFrustration(
      contact,
      { negative, model: model.name },
      NO_HISTORY,
      at,
      contact.languageConfident,
    );
    const viral = scoreViralRisk(contact);
    return {
      id,
      textModel: Math.round(negative * 10_000) / 10_000,
      frustration: frustration.score,
      viralRisk: viral.score,
      tier: decideTier(frustration.score, viral.score, DEFAULT_THRESHOLDS).tier,
      language: contact.language,
    };
  } catch (error) {
    const code = error instanceof RejectionError ? error.code : 'malformed_json';
    return {
      id,
      error: { code, reason: error instanceof RejectionError ? error.reason : 'line is not valid JSON' },
    };
  }
}
