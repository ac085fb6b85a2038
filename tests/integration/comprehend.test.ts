import {
  BatchDetectSentimentCommand,
  BatchSizeLimitExceededException,
  ComprehendClient,
  DetectSentimentCommand,
} from '@aws-sdk/client-comprehend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DecideInput, decide } from '../../functions/core/decision.ts';
import { emptyHistory } from '../../functions/core/history.ts';
import type { TextScore } from '../../functions/core/scoring/text-model.ts';
import { DEFAULT_THRESHOLDS } from '../../functions/core/scoring/tier.ts';
import { loadEmbeddedModel } from '../../functions/core/text-model/embedded-model.ts';
import {
  DEFAULT_TEXT_MODEL_BAND,
  type TextModelSettings,
  textModelFor,
} from '../../functions/shared/text-model.ts';
import { type ComprehendServer, startComprehendServer } from '../helpers/comprehend-server.ts';
import { aContact } from '../helpers/factories.ts';

/**
 * The Comprehend cascade with the real @aws-sdk/client-comprehend, against a local server that
 * speaks Comprehend's JSON protocol (tests/helpers/comprehend-server.ts). No AWS account, no Java.
 */

const embedded = loadEmbeddedModel();
const [LOW, HIGH] = DEFAULT_TEXT_MODEL_BAND;
const inBand = (text: string) => {
  const p = embedded.probability(text);
  return p >= LOW && p <= HIGH;
};

/** Customer-ish messages; which of them the embedded model is unsure of is computed, not assumed. */
const CORPUS = [
  'Thanks, all sorted now!',
  'love the new update, great job',
  'This is the third time I am writing, nobody called me back, I am cancelling my contract.',
  'Where is my order?',
  'Can you tell me when the store opens on Sunday?',
  'I ordered a blue jacket and got a red one.',
  'My parcel was supposed to arrive yesterday.',
  'How do I change my delivery address?',
  'The app logged me out again',
  'Is there a discount for students?',
  'I have been waiting for a refund for two weeks.',
  'Still no reply to my email from Monday.',
  'Do you ship to Canada?',
  'worst service ever, absolutely disgusting',
  'Hello, my card was charged twice for the same order.',
  'Can I change the size of my order?',
  'Hi, I need help with my account.',
];
const UNSURE = CORPUS.filter(inBand);
const SURE = CORPUS.filter((t) => !inBand(t));

let server: ComprehendServer;

function model(overrides: Partial<TextModelSettings> = {}) {
  return textModelFor({
    mode: 'cascade',
    region: 'us-east-1',
    comprehendEndpoint: server.endpoint,
    // Long enough that the SDK's throttling back-off (≤ 500 ms before the one retry) never reads as a timeout.
    timeoutMs: 5_000,
    ...overrides,
  });
}

beforeAll(async () => {
  server = await startComprehendServer();
});

afterAll(async () => {
  await server?.stop();
});

beforeEach(() => {
  server.requests.length = 0;
  server.setBehaviour({ kind: 'answer' });
});

describe('cascade mode with the real Comprehend client', () => {
  it('sends only the texts the embedded model is unsure of, signed, over the JSON protocol', async () => {
    // Prepare: the corpus must hold both kinds, or this test proves nothing.
    expect(UNSURE.length).toBeGreaterThanOrEqual(3);
    expect(SURE.length).toBeGreaterThanOrEqual(3);
    const cascade = model();

    // Act
    const scores = await cascade.scoreBatch(CORPUS, 'en');

    // Assess
    expect(server.sentTexts()).toEqual(UNSURE);
    for (const request of server.requests) {
      expect(request.target).toBe('Comprehend_20171127.BatchDetectSentiment');
      expect(request.contentType).toContain('application/x-amz-json-1.1');
      expect(request.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/us-east-1\/comprehend\//,
      );
      expect(request.languageCode).toBe('en');
    }
    CORPUS.forEach((text, i) => {
      const score = scores[i];
      if (inBand(text)) {
        // Negative 0.5 + ½ · Mixed 0.25 from the server's default answer
        expect(score).toEqual({ negative: 0.625, model: 'comprehend', units: 3 });
      } else {
        expect(score).toEqual({ negative: embedded.probability(text), model: 'embedded' });
      }
    });
    expect(cascade.takeUsage()).toEqual({
      requests: 1,
      textsSent: UNSURE.length,
      units: 3 * UNSURE.length,
      fallbacks: 0,
    });
  });

  it('never sends a text in a language Comprehend does not support', async () => {
    const cascade = model({ mode: 'comprehend' });
    const dutch = await cascade.scoreBatch(['Mijn pakket is nog steeds niet aangekomen.'], 'nl');
    expect(server.requests).toEqual([]);
    expect(dutch[0]?.model).toBe('embedded');
    expect(dutch[0]?.note).toBe("comprehend does not support language 'nl'; embedded model used");

    await cascade.scoreBatch(['Mi pedido no ha llegado y nadie responde.'], 'es');
    expect(server.requests.map((r) => r.languageCode)).toEqual(['es']);
  });

  it('maps SentimentScore to a probability as Negative + ½ Mixed', async () => {
    const mixed = await startComprehendServer({
      score: () => ({ Positive: 0.1, Negative: 0.2, Neutral: 0.1, Mixed: 0.6 }),
    });
    try {
      const [score] = await textModelFor({
        mode: 'comprehend',
        region: 'us-east-1',
        comprehendEndpoint: mixed.endpoint,
      }).scoreBatch(['I love the phone but the battery died twice this week.'], 'en');
      expect(score?.model).toBe('comprehend');
      expect(score?.negative).toBeCloseTo(0.5, 10);
    } finally {
      await mixed.stop();
    }
  });
});

describe('Comprehend limits: batches of 25, texts of 5 KB', () => {
  it('sends at most 25 texts per request and every text within 5,000 UTF-8 bytes, cut between characters', async () => {
    // Prepare: 60 texts, some far over 5 KB in 1-, 3- and 4-byte characters and with combining accents.
    const long = [
      'a'.repeat(12_000),
      '😡'.repeat(3_000),
      '退款还没有到账'.repeat(500),
      'e\u0301'.repeat(2_000), // é as e + combining accent: 3 bytes, so 5 KB ends right after an 'e'
      `${'x'.repeat(4_998)}👩‍👩‍👧 family`,
    ];
    const texts = Array.from(
      { length: 60 },
      (_, i) => long[i % 7] ?? `message number ${i}: where is my order?`,
    );

    // Act
    const scores = await model({ mode: 'comprehend' }).scoreBatch(texts, 'en');

    // Assess: the server enforces the limits too, so every request must have been answered (200).
    expect(server.requests.map((r) => r.texts.length)).toEqual([25, 25, 10]);
    expect(server.requests.every((r) => r.status === 200)).toBe(true);
    const sent = server.sentTexts();
    expect(sent).toHaveLength(60);
    sent.forEach((text, i) => {
      const original = texts[i] ?? '';
      expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(5_000);
      expect(original.startsWith(text)).toBe(true);
      expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text); // no half surrogate pair
      expect(original.slice(text.length)).not.toMatch(/^[\p{M}\u200d]/u); // no accent or ZWJ cut off its base
    });
    expect(sent[1]).toBe('😡'.repeat(1_249));
    expect(sent[4]).toBe('x'.repeat(4_998)); // the family emoji does not fit whole, so none of it goes
    expect(sent[3]).toBe('e\u0301'.repeat(1_666)); // 4,998 bytes: a bare 'e' would fit, but not without its accent
    expect(scores.every((s) => s.model === 'comprehend')).toBe(true);
  });

  it('counts billing units: 100 characters each, 3 at least per text', async () => {
    const cascade = model({ mode: 'comprehend' });
    const texts = ['short one', 'b'.repeat(250), 'c'.repeat(450), 'd'.repeat(1_000), '😡'.repeat(301)];
    const scores = await cascade.scoreBatch(texts, 'en');
    expect(scores.map((s) => s.units)).toEqual([3, 3, 5, 10, 4]);
    expect(cascade.takeUsage()).toEqual({ requests: 1, textsSent: 5, units: 25, fallbacks: 0 });
  });

  it('a text Comprehend refuses as too large fails only its request, and the message is still scored', async () => {
    const strict = await startComprehendServer({ maxTextBytes: 100 });
    try {
      const cascade = textModelFor({
        mode: 'comprehend',
        region: 'us-east-1',
        comprehendEndpoint: strict.endpoint,
      });
      const [score] = await cascade.scoreBatch(['z'.repeat(300)], 'en');
      expect(strict.requests[0]?.error).toBe('TextSizeLimitExceededException');
      expect(score).toEqual({
        negative: embedded.probability('z'.repeat(300)),
        model: 'embedded',
        note: 'comprehend failed (TextSizeLimitExceededException); embedded model used',
        fallback: true,
      });
    } finally {
      await strict.stop();
    }
  });
});

describe('throttling, timeouts and errors never fail a message: only the note changes', () => {
  const contacts = UNSURE.map((text, i) => aContact({ sourceId: `cmp-${i}`, text }));

  async function decideWith(score: (text: string) => Promise<TextScore>) {
    return Promise.all(
      contacts.map(async (contact) => {
        const input: DecideInput = {
          contact,
          tone: await score(contact.text),
          languageConfident: true,
          history: emptyHistory('customer-1'),
          thresholds: DEFAULT_THRESHOLDS,
          roster: [],
          now: new Date('2026-11-20T10:05:00.000Z'),
        };
        return decide(input);
      }),
    );
  }
  const numbers = (d: Awaited<ReturnType<typeof decideWith>>[number]) => ({
    frustration: d.frustration.score,
    viralRisk: d.viralRisk.score,
    tier: d.tier,
    caseTier: d.caseTier,
    destination: d.destination,
    reasons: d.frustration.reasons.map((r) => [r.signal, r.weight]),
  });

  it('throttled: scores, reasons and tiers are exactly those of the embedded model; the tone reason says why', async () => {
    // Prepare
    server.setBehaviour({ kind: 'throttle' });
    const cascade = model();

    // Act
    const pure = await decideWith(async (t) => (await embedded.scoreBatch([t], 'en'))[0] as TextScore);
    const throttled = await decideWith(async (t) => (await cascade.scoreBatch([t], 'en'))[0] as TextScore);

    // Assess: Comprehend was asked (and throttled, retried once by the SDK) for every contact…
    expect(server.requests.length).toBe(2 * contacts.length);
    expect(server.requests.every((r) => r.error === 'ThrottlingException')).toBe(true);
    // …and nothing but the note differs from the pure embedded decisions.
    expect(throttled.map(numbers)).toEqual(pure.map(numbers));
    for (const decision of throttled) {
      const tone = decision.frustration.reasons.find((r) => r.signal === 'tone');
      expect(tone?.detail).toContain('(comprehend throttled; embedded model used)');
    }
    expect(cascade.takeUsage()).toEqual({
      requests: contacts.length,
      textsSent: contacts.length,
      units: 0,
      fallbacks: contacts.length,
    });

    // Control: had Comprehend answered, the numbers would have changed, so the comparison above is not vacuous.
    server.setBehaviour({ kind: 'answer' });
    const answered = await decideWith(async (t) => (await cascade.scoreBatch([t], 'en'))[0] as TextScore);
    expect(answered.map(numbers)).not.toEqual(pure.map(numbers));
  });

  it('a throttle the SDK retries past is not a fallback', async () => {
    server.queue({ kind: 'throttle' });
    const text = UNSURE[0] ?? '';
    const [score] = await model().scoreBatch([text], 'en');
    expect(server.requests.map((r) => r.status)).toEqual([400, 200]);
    expect(score).toEqual({ negative: 0.625, model: 'comprehend', units: 3 });
  });

  it('timed out: the request is abandoned at the deadline and the embedded figure is used', async () => {
    server.setBehaviour({ kind: 'delay', ms: 5_000 });
    const text = UNSURE[0] ?? '';
    const started = Date.now();
    const [score] = await model({ timeoutMs: 300 }).scoreBatch([text], 'en');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
    expect(score).toEqual({
      negative: embedded.probability(text),
      model: 'embedded',
      note: 'comprehend timed out; embedded model used',
      fallback: true,
    });
  });

  it('a server error is a named fallback', async () => {
    server.setBehaviour({ kind: 'error', type: 'InternalServerException', status: 500 });
    const text = UNSURE[0] ?? '';
    const [score] = await model().scoreBatch([text], 'en');
    expect(score).toEqual({
      negative: embedded.probability(text),
      model: 'embedded',
      note: 'comprehend failed (InternalServerException); embedded model used',
      fallback: true,
    });
  });

  it('an unreachable endpoint is a fallback, not a failure', async () => {
    const [score] = await model({ comprehendEndpoint: 'http://127.0.0.1:9', maxAttempts: 1 }).scoreBatch(
      [UNSURE[0] ?? ''],
      'en',
    );
    expect(score?.model).toBe('embedded');
    expect(score?.fallback).toBe(true);
    expect(score?.note).toMatch(/^comprehend (failed \(\w+\)|timed out); embedded model used$/);
  });

  it('per-item errors in ErrorList fall back for those items only', async () => {
    const picky = await startComprehendServer({
      itemError: (text) => (text.includes('Monday') ? 'INTERNAL_SERVER_ERROR' : undefined),
    });
    try {
      const texts = ['Is there a discount for students?', 'Still no reply to my email from Monday.'];
      const cascade = textModelFor({
        mode: 'comprehend',
        region: 'us-east-1',
        comprehendEndpoint: picky.endpoint,
      });
      const scores = await cascade.scoreBatch(texts, 'en');
      expect(picky.requests).toHaveLength(1);
      expect(scores[0]).toEqual({ negative: 0.625, model: 'comprehend', units: 3 });
      expect(scores[1]).toEqual({
        negative: embedded.probability(texts[1] ?? ''),
        model: 'embedded',
        note: 'comprehend rejected the text (INTERNAL_SERVER_ERROR); embedded model used',
        fallback: true,
      });
      expect(cascade.takeUsage()).toEqual({ requests: 1, textsSent: 2, units: 3, fallbacks: 1 });
    } finally {
      await picky.stop();
    }
  });
});

describe('the test server speaks the protocol the SDK expects', () => {
  it('its errors arrive as the SDK exception classes, its answers as typed output', async () => {
    const client = new ComprehendClient({
      region: 'us-east-1',
      endpoint: server.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    try {
      const tooMany = Array.from({ length: 26 }, () => 'hello');
      const error = await client
        .send(new BatchDetectSentimentCommand({ TextList: tooMany, LanguageCode: 'en' }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BatchSizeLimitExceededException);

      server.queue({ kind: 'throttle' });
      const throttled = await client
        .send(new BatchDetectSentimentCommand({ TextList: ['hello'], LanguageCode: 'en' }))
        .catch((e: unknown) => e);
      expect((throttled as Error).name).toBe('ThrottlingException');

      const single = await client.send(new DetectSentimentCommand({ Text: 'hello', LanguageCode: 'en' }));
      expect(single.Sentiment).toBe('NEGATIVE');
      expect(single.SentimentScore?.Negative).toBe(0.5);
    } finally {
      client.destroy();
    }
  });
});
