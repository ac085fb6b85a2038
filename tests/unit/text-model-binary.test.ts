import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbeddedModel, loadEmbeddedModel } from '../../functions/core/text-model/embedded-model.ts';
import { DEFAULT_FEATURE_CONFIG, DENSE_NAMES } from '../../functions/core/text-model/features.ts';
import {
  deflatePayload,
  inflatePayload,
  lexiconBytes,
  type ModelHeader,
  modelHeaderSchema,
  quantiseTable,
} from '../../functions/core/text-model/weights.ts';
import headerJson from '../../models/text-model.json' with { type: 'json' };
import { TEXT_MODEL_PAYLOAD } from '../../models/text-model-weights.ts';
import { encodeModel, payloadModule, writeModel } from '../../scripts/lib/model-file.ts';
import { mulberry32 } from '../../scripts/lib/prng.ts';

/**
 * The committed model must score exactly as it did when its weights were one JSON file (1,518,777
 * bytes, sha256 2c5b0f8a…, version 1, commit ded11d7): the figures below were computed from that
 * file before the weights moved to models/text-model-weights.ts. Exact equality, not closeness:
 * the int8 table, the intercept and the lexicon are the same numbers, only stored differently.
 */
const BEFORE: readonly [string, number][] = [
  ['', 0.3126031023814734],
  ['ok', 0.18850517692247926],
  ['Thanks, all sorted now!', 0.13348709592685995],
  ['love the new update, great job', 0.006723144637454226],
  ["This is the third time I'm writing, nobody called me back, I'm cancelling", 0.5828171691094848],
  ['the app keeps crashing', 0.5268949892593489],
  ['not bad at all, actually quite good', 0.3277040811726521],
  ['not good. NOT GOOD!!! still waiting for my refund after 3 weeks', 0.9471103811202751],
  ["I can't believe how rude your agent was :(", 0.8749477916437082],
  ['sooooo happy with the service :)', 0.023938390943494595],
  ['Worst. Airline. Ever. @united lost my bag AGAIN https://t.co/xyz', 0.9613367859475157],
  ['ñandú ça va? 日本語 😡😡😡', 0.3336003631648541],
  ['\u0000\uffff', 0.3126031023814734],
  ['Hi, could you tell me when my parcel will arrive? Order #12345. Thanks', 0.44676527201766214],
  ['I have been charged twice and nobody answers the phone. Unacceptable.', 0.9724794217693847],
  ['A'.repeat(10_000), 0.18109002585203732],
];

/** sha256 of the float64 probabilities of `texts(count, chars, seed)`, from the version 1 file. */
const BEFORE_DIGESTS = {
  short: '429860438c62ca6ea823fc96f851b4e1815393f1c87c1643736cba91acf994f5',
  mail: '896438fa3c8eb071a87a406a82141cd1d7bb7f15e5ff400285cd32f658b4c612',
};

const WORDS = (
  "my order refund still again never nobody not don't can't called back waiting days weeks third time " +
  'thanks great love sorted quick help app crashing broken charged twice cancel worst awful terrible ' +
  'rude happy good bad ok fine late lost parcel bill :( :) !!! ? 😡 🙏 café naïve #fail @support'
).split(' ');

/** Deterministic word salad: lexicon words, cue words, negations, emoji, marks, capitals. */
function texts(count: number, chars: number, seed: number): string[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    let text = '';
    while (text.length < chars) {
      const word = WORDS[Math.floor(random() * WORDS.length)] ?? '';
      text += `${text === '' ? '' : ' '}${random() < 0.08 ? word.toUpperCase() : word}`;
      if (random() < 0.1) text += '.';
    }
    return text.slice(0, chars);
  });
}

function digest(values: readonly number[]): string {
  return createHash('sha256')
    .update(new Uint8Array(Float64Array.from(values).buffer))
    .digest('hex');
}

describe('embedded text model: same scores as the version 1 weights file', () => {
  const model = loadEmbeddedModel();

  it('gives exactly the probabilities the JSON weights gave, text by text', () => {
    for (const [text, probability] of BEFORE) expect(model.probability(text), text).toBe(probability);
  });

  it('gives exactly the same probabilities over 2,000 short and 300 mail-sized texts', () => {
    const short = texts(2000, 100, 11).map((t) => model.probability(t));
    const mail = texts(300, 1000, 12).map((t) => model.probability(t));
    expect({ short: digest(short), mail: digest(mail) }).toEqual(BEFORE_DIGESTS);
  });

  it('keeps the operating threshold', () => {
    expect(model.threshold).toBe(0.1872);
  });
});

describe('version 2 weights: readable header, binary payload', () => {
  const header = modelHeaderSchema.parse(headerJson);

  it('commits a header whose length and sha256 are those of the inflated payload', () => {
    const bytes = inflatePayload(TEXT_MODEL_PAYLOAD);
    expect(bytes.length).toBe(header.payload.bytes);
    expect(bytes.length).toBe((1 << header.features.bits) + (header.dense?.lexicon.count ?? 0) * 5);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(header.payload.sha256);
    expect(header.payload.data).toBeUndefined();
  });

  it('commits the payload module exactly as the trainer prints it', () => {
    const source = readFileSync(new URL('../../models/text-model-weights.ts', import.meta.url), 'utf8');
    expect(source).toBe(payloadModule(TEXT_MODEL_PAYLOAD));
  });

  it('refuses a missing, damaged or mismatched payload with a message that says which', () => {
    expect(() => createEmbeddedModel(header)).toThrow(/no payload/);
    const damaged = `${TEXT_MODEL_PAYLOAD.slice(0, 1000)}AAAA${TEXT_MODEL_PAYLOAD.slice(1004)}`;
    expect(() => createEmbeddedModel(header, damaged)).toThrow(/payload does not inflate/);
    const short = deflatePayload(inflatePayload(TEXT_MODEL_PAYLOAD).subarray(5));
    expect(() => createEmbeddedModel(header, short)).toThrow(
      /payload has 1084591 bytes, the header states 1084596/,
    );
    expect(() => createEmbeddedModel({ ...header, payload: { ...header.payload, sha256: 'x' } })).toThrow(
      /invalid text model weights/,
    );
  });

  it('writes a standalone file with the payload inline that scores like the committed pair', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flashpoint-model-'));
    try {
      const [written] = writeModel({ header, payload: TEXT_MODEL_PAYLOAD }, join(dir, 'model.json'));
      const standalone = createEmbeddedModel(JSON.parse(readFileSync(written?.path ?? '', 'utf8')));
      for (const [text, probability] of BEFORE) expect(standalone.probability(text)).toBe(probability);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('encodes a small int16 model with a lexicon and decodes it to the same numbers', () => {
    const table = Float64Array.from({ length: 1024 }, (_, i) => Math.sin(i) * (i % 5));
    const quantised = quantiseTable(table, 'int16');
    const lexicon = lexiconBytes({ awful: -2.5, great: 3.1 });
    const { header: tiny, payload } = encodeModel({
      features: { ...DEFAULT_FEATURE_CONFIG, bits: 10 },
      bias: 0,
      threshold: 0.5,
      quantisation: { type: 'int16', scale: quantised.scale },
      table: quantised.bytes,
      dense: {
        names: [...DENSE_NAMES],
        weights: DENSE_NAMES.map((name) => (name === 'negativeValence' ? 1 : 0)),
        cues: ['still'],
        negationScalar: -0.74,
        lexicon,
      },
    });
    expect(tiny.payload.bytes).toBe(2048 + 2 * 5);
    expect((tiny as ModelHeader).dense?.lexicon).toEqual({ count: 2, words: 'awful great' });
    const model = createEmbeddedModel(tiny, payload);
    // every table weight is used as stored; "awful" adds 2.5 / sqrt(1) / 2 through negativeValence
    const zeroTable = encodeModel({
      features: { ...DEFAULT_FEATURE_CONFIG, bits: 10 },
      bias: 0,
      threshold: 0.5,
      quantisation: { type: 'int16', scale: 1 },
      table: new Uint8Array(2048),
      dense: { ...(tiny.dense ?? expect.unreachable()), lexicon },
    });
    const lexiconOnly = createEmbeddedModel(zeroTable.header, zeroTable.payload);
    expect(lexiconOnly.probability('awful')).toBeCloseTo(1 / (1 + Math.exp(-1.25)), 12);
    expect(lexiconOnly.probability('great')).toBe(0.5);
    expect(model.probability('great')).not.toBe(model.probability('awful'));
  });
});
