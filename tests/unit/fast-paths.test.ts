import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../functions/core/channels/normalise.ts';
import { alertIdFor, caseIdFor, contactId, customerIdFor } from '../../functions/core/ids.ts';
import { dueFrom, findPromises } from '../../functions/core/promises.ts';
import {
  cueFires,
  FRUSTRATION_CUES,
  firedCues,
  measureIntensity,
  PUBLIC_THREAT,
} from '../../functions/core/scoring/cues.ts';

/**
 * The triage core's shortcuts (bench/triage-core.ts) against the straightforward code they replaced:
 * same answers on generated texts built from the words the patterns look for.
 */
const WORDS = [
  'you',
  'said',
  'promised',
  'told me',
  'would',
  'will',
  "I'll",
  'we',
  'call',
  'back',
  'by',
  '5pm',
  'today',
  'tomorrow',
  'within',
  '2',
  'days',
  'the engineer',
  'your agent',
  'assured me',
  'still',
  'again',
  'third',
  'time',
  'nobody',
  'called',
  'waiting',
  'for a reply',
  'cancel',
  'lawyer',
  'press',
  'post this',
  'everywhere',
  'keeps crashing',
  'transferred',
  'SHOUTING',
  'fuck',
  'ok',
  '4111 1111 1111 1111',
  'Ärger',
  'İ',
  '😀',
];
const GAPS = [
  ' ',
  ' ',
  '. ',
  '! ',
  '? ',
  '!!!',
  '?!?!',
  '\n',
  '\n\n\n\n',
  '\t',
  '  ',
  '\r\n',
  '\u0007',
  '\u00a0',
];
const text = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...GAPS)), { maxLength: 40 })
  .map((parts) => parts.map(([w, g]) => w + g).join(''));
const anyText = fc.oneof(text, fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 }));

describe('cleanText', () => {
  const reference = (raw: string) =>
    raw
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the reference cleans them as the original did
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, ' ')
      .replace(/[ \t]+/g, ' ')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
      .slice(0, 20_000);

  it('agrees with the three replacing scans it skips for clean text', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        expect(cleanText(raw)).toBe(reference(raw));
      }),
      { numRuns: 3000 },
    );
    expect(cleanText('a\t\tb  c\n\n\n\nd\u0001e ')).toBe('a b c\n\nd e');
  });
});

describe('findPromises', () => {
  const REPORTED =
    /\b(you|they|he|she|someone|the \w+|your \w+)( had)? (said|promised|told me|assured me)\b.*\b(would|will|'d|by|within|today|tomorrow)\b/i;
  const AGENT =
    /\b(i|we)('ll| will| shall|'re going to| are going to| have asked| 've asked| have arranged)\b.*\b(call|ring|phone|email|get back|come back|send|refund|credit|fix|deliver|ship|replace|update|arrange|visit|book)\b|\b(will|should) (be )?(call(ing)? you|ready|delivered|refunded|credited|fixed|back|arrive|sent)\b/i;
  const TIME =
    /\b(today|tomorrow|tonight|(within|in) (\d+|a|an|one|two|three|four|five|six|seven|ten) (hour|day|week)s?|(by|at|before) \d{1,2}(:\d{2})? ?(am|pm)|end of (the )?(day|week)|this week|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i;
  /** The function as it was: every sentence tried, no whole-text test first, ids from createHash. */
  const reference = (t: string, madeAt: string, source: 'agent' | 'customer_report') => {
    const pattern = source === 'customer_report' ? REPORTED : AGENT;
    const out = [];
    for (const raw of t.slice(0, 5_000).split(/(?<=[.!?])\s+|\n+/)) {
      const sentence = raw.trim();
      if (sentence.length < 8 || !pattern.test(sentence)) continue;
      if (source === 'customer_report' && !TIME.test(sentence)) continue;
      const quoted = sentence.length > 160 ? `${sentence.slice(0, 159)}…` : sentence;
      out.push({
        promiseId: `p_${createHash('sha256').update(`${madeAt}\u0000${quoted}`).digest('hex').slice(0, 24)}`,
        text: quoted,
        madeAt,
        dueAt: dueFrom(sentence, new Date(madeAt)).toISOString(),
        source,
      });
    }
    return out;
  };
  const source = fc.constantFrom('agent', 'customer_report') as fc.Arbitrary<'agent' | 'customer_report'>;
  /** Sentences shaped like promises, and like near misses, between bits of other text. */
  const sentence = fc
    .tuple(
      fc.constantFrom('You', 'They', 'The engineer', 'Someone', 'I', 'We', 'your agent', 'nobody'),
      fc.constantFrom(
        ' said',
        ' promised',
        ' told me',
        ' assured me',
        "'ll",
        ' will',
        ' are going to',
        ' had said',
      ),
      fc.constantFrom('', ' it', ' that it', ' that we'),
      fc.constantFrom(' would', ' will', "'d", ' should be', ''),
      fc.constantFrom(' call you back', ' be ready', ' refund you', ' deliver', ' fix it', ' get back', ''),
      fc.constantFrom(' today', ' tomorrow', ' by 5pm', ' within 2 days', ' on Monday', ''),
      fc.constantFrom('.', '!', '', '?'),
    )
    .map((parts) => parts.join(''));
  const mixed = fc
    .array(fc.tuple(fc.oneof(sentence, text), fc.constantFrom(' ', '\n', '  ', '')), { maxLength: 6 })
    .map((parts) => parts.map(([a, b]) => a + b).join(''));

  it('finds the same promises as trying every sentence', () => {
    let found = 0;
    fc.assert(
      fc.property(mixed, source, (t, s) => {
        const promises = findPromises(t, '2026-11-20T12:00:00.000Z', s);
        expect(promises).toEqual(reference(t, '2026-11-20T12:00:00.000Z', s));
        found += promises.length;
      }),
      { numRuns: 3000 },
    );
    expect(found).toBeGreaterThan(100);
  });

  it('still finds a promise in a later sentence', () => {
    const t = 'Hello there. Nothing yet! The agent told me it would be ready by 5pm.';
    expect(findPromises(t, '2026-11-20T12:00:00.000Z', 'customer_report')).toEqual([
      expect.objectContaining({ text: 'The agent told me it would be ready by 5pm.' }),
    ]);
  });
});

describe('firedCues and cueFires', () => {
  it('give the same cues as testing each pattern, whatever texts came before', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), (texts) => {
        for (const t of [...texts, ...texts.reverse()]) {
          const expected = FRUSTRATION_CUES.filter((c) => c.pattern.test(t));
          expect(firedCues(t)).toEqual(expected);
          for (const cue of FRUSTRATION_CUES) expect(cueFires(t, cue.signal)).toBe(cue.pattern.test(t));
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('runs a custom cue list as given, and hands out arrays the caller may change', () => {
    const custom = FRUSTRATION_CUES.slice(3);
    const t = 'I will cancel, my lawyer says the app keeps crashing';
    expect(firedCues(t, custom).map((c) => c.signal)).toEqual([
      'recurring_problem',
      'churn_threat',
      'legal_threat',
    ]);
    firedCues(t).length = 0;
    expect(firedCues(t).map((c) => c.signal)).toEqual(['recurring_problem', 'churn_threat', 'legal_threat']);
  });

  it('reads the public_threat cue with the viral-risk pattern', () => {
    expect(FRUSTRATION_CUES.find((c) => c.signal === 'public_threat')?.pattern).toBe(PUBLIC_THREAT);
  });
});

describe('measureIntensity', () => {
  const reference = (t: string) => {
    let upper = 0;
    let letters = 0;
    for (const ch of t) {
      if (ch >= 'A' && ch <= 'Z') {
        upper++;
        letters++;
      } else if (ch >= 'a' && ch <= 'z') letters++;
    }
    return letters >= 12 && upper / letters > 0.5;
  };

  it('counts letters per code unit as the per-code-point loop did', () => {
    fc.assert(
      fc.property(anyText, (t) => {
        expect(measureIntensity(t).shouting).toBe(reference(t));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('ids', () => {
  const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

  it('hash exactly as createHash did, so stored ids stay valid', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (a, b) => {
        expect(contactId(a, b)).toBe(`c_${sha(`${a}\u0000${b}`)}`);
        expect(customerIdFor(a)).toBe(`u_${sha(a)}`);
        expect(caseIdFor(a)).toBe(`k_${sha(a)}`);
        expect(alertIdFor(a, b)).toBe(`a_${sha(`${a}\u0000${b}`)}`);
      }),
      { numRuns: 500 },
    );
  });
});
