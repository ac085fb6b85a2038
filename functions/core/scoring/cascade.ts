import { type RemoteSentiment, type SentimentService, SentimentServiceError } from './sentiment-service.ts';
import type { MeteredTextModel, TextModelUsage, TextScore } from './text-model.ts';
import { cutUtf8 } from './utf8-cut.ts';

/** The part of the embedded model the cascade needs: a synchronous probability. */
export interface ProbabilityModel {
  readonly name: string;
  probability(text: string): number;
}

export interface CascadeOptions {
  /**
   * Embedded probabilities within [low, high] (inclusive) are "unsure" and go to the remote
   * service; [0, 1] sends every text (the `comprehend` mode).
   */
  readonly band: readonly [number, number];
  /** `TextModel.name`; defaults to `cascade`. */
  readonly name?: string;
  /** Optional extra cut in code points (cost lever: Comprehend reads only the first 500 characters). */
  readonly maxChars?: number;
}

const ZERO_USAGE: TextModelUsage = { requests: 0, textsSent: 0, units: 0, fallbacks: 0 };

/**
 * Embedded model first, remote sentiment service (Comprehend) only for the texts the embedded model
 * is unsure of, in a language the service supports. Never throws because of the service: a
 * throttled, slow or failing request leaves the embedded figure in place and says so in `note`.
 */
export class CascadeTextModel implements MeteredTextModel {
  readonly name: string;
  private readonly low: number;
  private readonly high: number;
  private readonly maxChars: number;
  private usage: { requests: number; textsSent: number; units: number; fallbacks: number } = {
    ...ZERO_USAGE,
  };

  constructor(
    private readonly embedded: ProbabilityModel,
    private readonly remote: SentimentService,
    options: CascadeOptions,
  ) {
    const [low, high] = options.band;
    if (!(low >= 0 && high <= 1 && low <= high)) {
      throw new RangeError(`text model band must satisfy 0 ≤ low ≤ high ≤ 1, got [${low}, ${high}]`);
    }
    if (!(remote.maxBatch >= 1 && remote.maxTextBytes >= 4)) {
      throw new RangeError(`${remote.name}: maxBatch must be ≥ 1 and maxTextBytes ≥ 4`);
    }
    this.low = low;
    this.high = high;
    this.name = options.name ?? 'cascade';
    this.maxChars = options.maxChars ?? Number.POSITIVE_INFINITY;
  }

  takeUsage(): TextModelUsage {
    const taken = this.usage;
    this.usage = { ...ZERO_USAGE };
    return taken;
  }

  async scoreBatch(texts: readonly string[], language: string): Promise<TextScore[]> {
    const scores: TextScore[] = texts.map((text) => ({
      negative: this.embedded.probability(text),
      model: this.embedded.name,
    }));
    // Comprehend refuses empty texts; they have no tone to read anyway.
    const unsure = texts.flatMap((text, i) =>
      text.trim() !== '' && this.inBand(scores[i]?.negative ?? 0) ? [i] : [],
    );
    if (unsure.length === 0) return scores;

    const code = this.remote.languageCode(language);
    if (code === undefined) {
      const note = `${this.remote.name} does not support language '${printable(language)}'; ${this.embedded.name} model used`;
      for (const i of unsure) scores[i] = { ...(scores[i] as TextScore), note };
      return scores;
    }

    const { maxBatch, maxTextBytes } = this.remote;
    // After a throttle or timeout the rest of this call is not sent: more requests would only wait too.
    let stopped: SentimentServiceError | undefined;
    for (let start = 0; start < unsure.length; start += maxBatch) {
      const chunk = unsure.slice(start, start + maxBatch);
      if (stopped) {
        this.fallBack(scores, chunk, requestNote(this.remote.name, stopped, this.embedded.name));
        continue;
      }
      const sent = chunk.map((i) => cutUtf8(texts[i] ?? '', maxTextBytes, this.maxChars));
      let answers: RemoteSentiment[];
      try {
        this.usage.requests++;
        this.usage.textsSent += sent.length;
        answers = await this.remote.detectBatch(sent, code);
      } catch (error) {
        const failure =
          error instanceof SentimentServiceError
            ? error
            : new SentimentServiceError('failed', error instanceof Error ? error.name : 'UnknownError');
        this.fallBack(scores, chunk, requestNote(this.remote.name, failure, this.embedded.name));
        if (failure.kind !== 'failed') stopped = failure;
        continue;
      }
      chunk.forEach((index, k) => {
        const answer = answers[k];
        if (answer?.ok && Number.isFinite(answer.negative) && Number.isFinite(answer.units)) {
          const negative = Math.min(1, Math.max(0, answer.negative));
          scores[index] = { negative, model: this.remote.name, units: answer.units };
          this.usage.units += answer.units;
        } else {
          const why = answer && !answer.ok ? printable(answer.code) : 'no usable result';
          this.fallBack(
            scores,
            [index],
            `${this.remote.name} rejected the text (${why}); ${this.embedded.name} model used`,
          );
        }
      });
    }
    return scores;
  }

  private inBand(p: number): boolean {
    return p >= this.low && p <= this.high;
  }

  private fallBack(scores: TextScore[], indices: readonly number[], note: string): void {
    for (const i of indices) {
      scores[i] = { ...(scores[i] as TextScore), note, fallback: true };
      this.usage.fallbacks++;
    }
  }
}

function requestNote(remote: string, failure: SentimentServiceError, embedded: string): string {
  const what = failure.kind === 'failed' ? `failed (${printable(failure.code)})` : failure.kind;
  return `${remote} ${what}; ${embedded} model used`;
}

/** Notes end up in stored reasons and logs: keep only short identifier-like text. */
function printable(value: string): string {
  const cleaned = value.replace(/[^\w.:-]/g, '').slice(0, 64);
  return cleaned === '' ? 'unknown' : cleaned;
}
