import { describe, expect, it } from 'vitest';
import { CascadeTextModel, type ProbabilityModel } from '../../functions/core/scoring/cascade.ts';
import {
  type RemoteSentiment,
  type SentimentService,
  SentimentServiceError,
} from '../../functions/core/scoring/sentiment-service.ts';

/** An "embedded model" whose probability is written in the text: "p=0.2 …" reads as 0.2. */
const embedded: ProbabilityModel = {
  name: 'embedded',
  probability: (text) => Number(/p=([\d.]+)/.exec(text)?.[1] ?? '0'),
};

interface FakeCall {
  readonly texts: readonly string[];
  readonly languageCode: string;
}

/** A sentiment service port that records calls and answers what the test scripts. */
class FakeSentimentService implements SentimentService {
  readonly name = 'comprehend';
  readonly maxBatch = 25;
  readonly maxTextBytes = 50;
  readonly calls: FakeCall[] = [];
  /** One entry per call: an error to throw, or a function answering the texts; then the default. */
  readonly script: (Error | ((texts: readonly string[]) => RemoteSentiment[]))[] = [];

  languageCode(language: string): string | undefined {
    return ['en', 'es', 'zh-TW'].includes(language) ? language : undefined;
  }

  async detectBatch(texts: readonly string[], languageCode: string): Promise<RemoteSentiment[]> {
    this.calls.push({ texts, languageCode });
    const next = this.script.shift();
    if (next instanceof Error) throw next;
    if (next) return next(texts);
    return texts.map((t) => ({ ok: true, negative: 0.9, units: Math.max(3, Math.ceil(t.length / 100)) }));
  }

  sent(): string[] {
    return this.calls.flatMap((c) => c.texts);
  }
}

function cascade(service: SentimentService, band: [number, number] = [0.1, 0.3], maxChars?: number) {
  return new CascadeTextModel(embedded, service, { band, ...(maxChars ? { maxChars } : {}) });
}

describe('cascade: which texts go to the remote service', () => {
  it('sends only texts whose embedded probability is inside the band (edges included)', async () => {
    // Prepare
    const service = new FakeSentimentService();
    const texts = ['p=0.05 calm', 'p=0.1 low edge', 'p=0.2 unsure', 'p=0.3 high edge', 'p=0.31 sure'];
    // Act
    const scores = await cascade(service).scoreBatch(texts, 'en');
    // Assess
    expect(service.sent()).toEqual(['p=0.1 low edge', 'p=0.2 unsure', 'p=0.3 high edge']);
    expect(scores.map((s) => s.model)).toEqual([
      'embedded',
      'comprehend',
      'comprehend',
      'comprehend',
      'embedded',
    ]);
    expect(scores[0]).toEqual({ negative: 0.05, model: 'embedded' });
    expect(scores[4]).toEqual({ negative: 0.31, model: 'embedded' });
    expect(scores[2]).toEqual({ negative: 0.9, model: 'comprehend', units: 3 });
  });

  it('makes no request when nothing is unsure', async () => {
    const service = new FakeSentimentService();
    const scores = await cascade(service).scoreBatch(['p=0.9 angry', 'p=0.01 happy'], 'en');
    expect(service.calls).toEqual([]);
    expect(scores.every((s) => s.note === undefined && s.units === undefined)).toBe(true);
  });

  it('never sends a text in a language the service does not support; says so on the unsure ones', async () => {
    const service = new FakeSentimentService();
    const scores = await cascade(service).scoreBatch(['p=0.2 onzeker', 'p=0.9 boos'], 'nl');
    expect(service.calls).toEqual([]);
    expect(scores[0]).toEqual({
      negative: 0.2,
      model: 'embedded',
      note: "comprehend does not support language 'nl'; embedded model used",
    });
    expect(scores[1]).toEqual({ negative: 0.9, model: 'embedded' });
  });

  it("passes the service's language code", async () => {
    const service = new FakeSentimentService();
    await cascade(service).scoreBatch(['p=0.2 退款'], 'zh-TW');
    expect(service.calls.map((c) => c.languageCode)).toEqual(['zh-TW']);
  });

  it('does not send empty or blank texts', async () => {
    const service = new FakeSentimentService();
    const blank: ProbabilityModel = { name: 'embedded', probability: () => 0.2 };
    const scores = await new CascadeTextModel(blank, service, { band: [0.1, 0.3] }).scoreBatch(
      ['', '   ', 'hello'],
      'en',
    );
    expect(service.sent()).toEqual(['hello']);
    expect(scores.map((s) => s.model)).toEqual(['embedded', 'embedded', 'comprehend']);
  });

  it('sends everything with the band [0, 1] (comprehend mode)', async () => {
    const service = new FakeSentimentService();
    await new CascadeTextModel(embedded, service, { band: [0, 1], name: 'comprehend' }).scoreBatch(
      ['p=0 a', 'p=1 b', 'p=0.5 c'],
      'es',
    );
    expect(service.sent()).toEqual(['p=0 a', 'p=1 b', 'p=0.5 c']);
  });

  it('refuses a band outside [0, 1] or upside down', () => {
    const service = new FakeSentimentService();
    expect(() => cascade(service, [0.3, 0.1])).toThrow(RangeError);
    expect(() => cascade(service, [-0.1, 0.5])).toThrow(RangeError);
    expect(() => cascade(service, [0.2, 1.5])).toThrow(RangeError);
    expect(() => cascade(service, [Number.NaN, 0.5])).toThrow(RangeError);
  });
});

describe('cascade: batching and cutting', () => {
  it('splits the unsure texts into requests of at most maxBatch, answers back in place', async () => {
    const service = new FakeSentimentService();
    const texts = Array.from({ length: 70 }, (_, i) =>
      i % 5 === 0 ? `p=0.9 sure ${i}` : `p=0.2 unsure ${i}`,
    );
    service.script.push(...[0, 1, 2].map(() => (batch: readonly string[]) => batch.map(echoIndex)));
    const scores = await cascade(service).scoreBatch(texts, 'en');
    expect(service.calls.map((c) => c.texts.length)).toEqual([25, 25, 6]);
    texts.forEach((text, i) => {
      if (i % 5 === 0) expect(scores[i]).toEqual({ negative: 0.9, model: 'embedded' });
      else expect(scores[i]?.negative).toBe(Number(text.split(' ').at(-1)) / 1000);
    });
  });

  it('cuts every text to maxTextBytes of UTF-8 at a character boundary, and optionally to maxChars', async () => {
    const service = new FakeSentimentService();
    await cascade(service).scoreBatch([`p=0.2 ${'😡'.repeat(40)}`, `p=0.2 ${'a'.repeat(100)}`], 'en');
    const [emoji, ascii] = service.sent();
    expect(emoji).toBe(`p=0.2 ${'😡'.repeat(11)}`); // 6 + 44 bytes
    expect(ascii).toBe(`p=0.2 ${'a'.repeat(44)}`);

    const capped = new FakeSentimentService();
    await cascade(capped, [0.1, 0.3], 10).scoreBatch([`p=0.2 ${'a'.repeat(100)}`], 'en');
    expect(capped.sent()).toEqual(['p=0.2 aaaa']);
  });
});

describe('cascade: failures fall back to the embedded model and never fail the message', () => {
  const texts = ['p=0.2 unsure', 'p=0.9 sure', 'p=0.25 unsure too'];

  it('throttled: same numbers as the embedded model, a note, no units', async () => {
    const service = new FakeSentimentService();
    service.script.push(new SentimentServiceError('throttled', 'ThrottlingException'));
    const scores = await cascade(service).scoreBatch(texts, 'en');
    const note = 'comprehend throttled; embedded model used';
    expect(scores).toEqual([
      { negative: 0.2, model: 'embedded', note, fallback: true },
      { negative: 0.9, model: 'embedded' },
      { negative: 0.25, model: 'embedded', note, fallback: true },
    ]);
  });

  it('timed out: the note says so', async () => {
    const service = new FakeSentimentService();
    service.script.push(new SentimentServiceError('timed out', 'AbortError'));
    const [score] = await cascade(service).scoreBatch(['p=0.2 x'], 'en');
    expect(score?.note).toBe('comprehend timed out; embedded model used');
  });

  it('any other error, even one that is not the port error, is a named failure', async () => {
    const service = new FakeSentimentService();
    service.script.push(
      new SentimentServiceError('failed', 'InternalServerException'),
      new TypeError('boom'),
    );
    const model = cascade(service);
    const [first] = await model.scoreBatch(['p=0.2 x'], 'en');
    const [second] = await model.scoreBatch(['p=0.2 y'], 'en');
    expect(first?.note).toBe('comprehend failed (InternalServerException); embedded model used');
    expect(second?.note).toBe('comprehend failed (TypeError); embedded model used');
    expect(second?.negative).toBe(0.2);
  });

  it('after a throttle the remaining batches of the same call are not sent; after an error they are', async () => {
    const texts60 = Array.from({ length: 60 }, (_, i) => `p=0.2 t${i}`);
    const throttled = new FakeSentimentService();
    throttled.script.push(new SentimentServiceError('throttled', 'ThrottlingException'));
    const a = await cascade(throttled).scoreBatch(texts60, 'en');
    expect(throttled.calls).toHaveLength(1);
    expect(a.every((s) => s.note === 'comprehend throttled; embedded model used')).toBe(true);

    const failing = new FakeSentimentService();
    failing.script.push(new SentimentServiceError('failed', 'InternalServerException'));
    const b = await cascade(failing).scoreBatch(texts60, 'en');
    expect(failing.calls).toHaveLength(3);
    expect(b.filter((s) => s.model === 'comprehend')).toHaveLength(35);
  });

  it('per-item errors fall back for that item only', async () => {
    const service = new FakeSentimentService();
    service.script.push(() => [
      { ok: false, code: 'INTERNAL_SERVER_ERROR' },
      { ok: true, negative: 0.7, units: 3 },
    ]);
    const scores = await cascade(service).scoreBatch(['p=0.2 refused', 'p=0.2 fine'], 'en');
    expect(scores).toEqual([
      {
        negative: 0.2,
        model: 'embedded',
        note: 'comprehend rejected the text (INTERNAL_SERVER_ERROR); embedded model used',
        fallback: true,
      },
      { negative: 0.7, model: 'comprehend', units: 3 },
    ]);
  });

  it('a missing or nonsensical answer falls back for that item', async () => {
    const service = new FakeSentimentService();
    service.script.push(() => [{ ok: true, negative: Number.NaN, units: 3 }]);
    const scores = await cascade(service).scoreBatch(['p=0.2 a', 'p=0.2 b'], 'en');
    expect(scores.map((s) => s.note)).toEqual([
      'comprehend rejected the text (no usable result); embedded model used',
      'comprehend rejected the text (no usable result); embedded model used',
    ]);
  });

  it('keeps customer text out of notes even if an error code carries it', async () => {
    const service = new FakeSentimentService();
    service.script.push(new SentimentServiceError('failed', 'Bad text: "I am furious" <script>'));
    const [score] = await cascade(service).scoreBatch(['p=0.2 x'], 'en');
    expect(score?.note).toBe('comprehend failed (Badtext:Iamfuriousscript); embedded model used');
  });
});

describe('cascade: usage', () => {
  it('counts requests, texts sent, units answered and fallbacks, and resets on take', async () => {
    const service = new FakeSentimentService();
    service.script.push(() => [
      { ok: true, negative: 0.7, units: 3 },
      { ok: true, negative: 0.7, units: 5 },
      { ok: false, code: 'INTERNAL_SERVER_ERROR' },
    ]);
    const model = cascade(service);
    await model.scoreBatch(['p=0.2 a', 'p=0.2 b', 'p=0.2 c', 'p=0.9 d'], 'en');
    expect(model.takeUsage()).toEqual({ requests: 1, textsSent: 3, units: 8, fallbacks: 1 });
    expect(model.takeUsage()).toEqual({ requests: 0, textsSent: 0, units: 0, fallbacks: 0 });
  });
});

function echoIndex(text: string): RemoteSentiment {
  return { ok: true, negative: Number(text.split(' ').at(-1)) / 1000, units: 3 };
}
