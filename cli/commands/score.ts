import { once } from 'node:events';
import { createReadStream } from 'node:fs';
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
import { type EmbeddedTextModel, loadEmbeddedModel } from '../../functions/core/text-model/embedded-model.ts';
import { type Command, channelArg } from '../args.ts';

const lineSchema = z.object({ id: z.union([z.string(), z.number()]), text: z.string() });
const NO_HISTORY = emptyHistory('score');
const EPOCH = new Date(0).toISOString();

/** A line longer than this is refused whole (its own error line), never held in memory: 4× what SQS carries. */
export const MAX_LINE_CHARS = 1_048_576;
/** Output is written in chunks of about this many characters: one write per few hundred lines, not per line. */
const WRITE_CHUNK_CHARS = 65_536;

/**
 * Batch scoring for evaluations and backfills: JSON lines in, one JSON line out per input, in order.
 * First-contact scores (no customer history). A line that cannot be scored gets `{ id, error }` instead,
 * with `id` the line's own id when it could be read, else its line number (1-based; blank lines count).
 * Input is read as the output keeps up (a slow reader pauses the input, nothing piles up in memory).
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
    const scorer = createScorer(loadEmbeddedModel(), channel);
    const input =
      positionals[0] && positionals[0] !== '-'
        ? createReadStream(positionals[0], { encoding: 'utf8' })
        : process.stdin.setEncoding('utf8');
    const out = new ChunkedWriter(process.stdout);
    try {
      for await (const lines of jsonLines(input)) {
        for (const line of lines) {
          const scored = scorer(line);
          out.add(JSON.stringify(scored instanceof Promise ? await scored : scored));
        }
        if (out.full) await out.flush();
      }
      await out.flush();
    } catch (error) {
      // The reader went away (`flashpoint score big.jsonl | head`): stop quietly, as other line tools do.
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') return;
      throw error;
    }
  },
};

/** One input line: its text (without the line break) and its 1-based number, or why it was dropped. */
export type InputLine =
  | { readonly n: number; readonly text: string }
  | { readonly n: number; readonly tooLong: true };

/**
 * Lines of a text stream, blank ones skipped (but counted), as one array per chunk read. Splits the
 * decoded chunks itself: a readline interface costs more per line than scoring a short message does.
 * `\r\n` ends a line too; a byte-order mark at the start is dropped.
 */
export async function* jsonLines(input: AsyncIterable<string | Buffer>): AsyncGenerator<InputLine[]> {
  let pending = '';
  let n = 0;
  let skipping = false;
  const finish = (text: string, out: InputLine[]) => {
    n++;
    if (skipping || text.length > MAX_LINE_CHARS) {
      skipping = false;
      out.push({ n, tooLong: true });
      return;
    }
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (line.trim() !== '') out.push({ n, text: n === 1 ? line.replace(/^\uFEFF/, '') : line });
  };
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    const lines: InputLine[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      finish(pending + text.slice(start, end), lines);
      pending = '';
      start = end + 1;
    }
    if (!skipping) pending += text.slice(start);
    if (pending.length > MAX_LINE_CHARS) {
      // Past the limit with no line break yet: drop what was read and the rest of the line.
      skipping = true;
      pending = '';
    }
    if (lines.length > 0) yield lines;
  }
  const last: InputLine[] = [];
  if (pending !== '' || skipping) finish(pending, last);
  if (last.length > 0) yield last;
}

interface Scored {
  readonly id: string | number;
  readonly textModel: number;
  readonly frustration: number;
  readonly viralRisk: number;
  readonly tier: string;
  readonly language: string;
}

interface Failed {
  readonly id: string | number;
  readonly error: { readonly code: string; readonly reason: string };
}

/** Scores one line; plain `{"id","text"}` lines synchronously, channel payloads through their adapter. */
export function createScorer(
  model: EmbeddedTextModel,
  channel: Channel | undefined,
): (line: InputLine) => Scored | Failed | Promise<Scored | Failed> {
  // Payloads without a time of their own are taken as received when the run started.
  const meta = { receivedAt: new Date().toISOString() };
  const score = (id: string | number, contact: Contact): Scored => {
    const negative = model.probability(contact.text);
    const frustration = scoreFrustration(
      contact,
      { negative, model: model.name },
      NO_HISTORY,
      new Date(contact.receivedAt),
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
  };
  if (channel) {
    const adapter = ADAPTERS[channel];
    return async (line) => {
      if (!('text' in line)) return tooLong(line.n);
      try {
        const contact = await adapter.toContact(line.text, meta);
        return score(contact.id, contact);
      } catch (error) {
        return failure(line.n, error);
      }
    };
  }
  return (line) => {
    if (!('text' in line)) return tooLong(line.n);
    let id: string | number = line.n;
    try {
      const parsed = lineSchema.safeParse(parseLine(line.text));
      if (!parsed.success) throw new RejectionError('invalid_field', 'each line needs "id" and "text"');
      id = parsed.data.id;
      const contact = normalise({
        channel: 'chat',
        sourceId: String(id),
        receivedAt: EPOCH,
        identity: { handle: 'score' },
        threadKey: 'score',
        text: parsed.data.text,
        isPublic: false,
      });
      return score(id, contact);
    } catch (error) {
      return failure(id, error);
    }
  };
}

/** JSON.parse, whose message would quote the customer's text: refused with a fixed reason instead. */
function parseLine(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new RejectionError('malformed_json', 'line is not valid JSON');
  }
}

function tooLong(n: number): Failed {
  return { id: n, error: { code: 'too_large', reason: `line is over ${MAX_LINE_CHARS} characters` } };
}

function failure(id: string | number, error: unknown): Failed {
  if (error instanceof RejectionError) return { id, error: { code: error.code, reason: error.reason } };
  // Not the input's fault: the message is ours (never the customer's text), so it is safe to print.
  return { id, error: { code: 'internal_error', reason: (error as Error).message } };
}

/** Joins output lines into large writes, and waits for the stream to drain when it asks to. */
class ChunkedWriter {
  private readonly lines: string[] = [];
  private chars = 0;
  /** A write error (EPIPE when the reader closed) arrives as an event, possibly between two writes. */
  private failed: Error | undefined;

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', (error: Error) => {
      this.failed = error;
    });
  }

  get full(): boolean {
    return this.chars >= WRITE_CHUNK_CHARS;
  }

  add(line: string): void {
    this.lines.push(line);
    this.chars += line.length + 1;
  }

  async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.lines.length === 0) return;
    const chunk = `${this.lines.join('\n')}\n`;
    this.lines.length = 0;
    this.chars = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
}
