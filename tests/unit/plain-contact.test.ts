import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContactDraft } from '../../functions/core/channels/normalise.ts';
import { normalise } from '../../functions/core/channels/normalise.ts';
import { type DerivedFields, plainContact } from '../../functions/core/channels/plain-contact.ts';
import {
  contactSchema,
  identitySchema,
  priorTurnSchema,
  socialReachSchema,
} from '../../functions/core/contact.ts';
import { RejectionError } from '../../functions/core/errors.ts';
import { contactId } from '../../functions/core/ids.ts';

/** Keys in order, all the way down, undefined-valued ones included: what toStrictEqual does not compare. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).map(([k, v]) => [k, v === undefined ? '<undefined>' : shape(v)]);
  return value;
}

// Values on both sides of every rule contactSchema checks — lengths at their limits, dates that are not
// dates, e-mail addresses that are not, counts that are not integers — mostly valid, so that a good
// share of whole drafts is valid and the two paths are compared on what they build.
const mostly = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 20 }, { arbitrary: invalid, weight: 1 });
const stringOfLength = (min: number, max: number) => fc.string({ minLength: min, maxLength: max });
const dateTime = mostly(
  fc.constantFrom(
    '2026-11-20T12:00:00Z',
    '2026-11-20T12:00:00.123Z',
    '2026-11-19T09:30:00+02:00',
    '2024-02-29T00:00:00Z',
  ),
  fc.constantFrom(
    '2026-02-29T00:00:00Z',
    '2026-11-20T24:00:00Z',
    '2026-11-20 12:00:00Z',
    '2026-11-20T12:00Z',
    '',
  ),
);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
const identity = fc.record(
  {
    email: optional(
      mostly(fc.constantFrom('a@b.co', 'Mixed.Case@Example.COM'), fc.constantFrom('not-an-email', 'x@y')),
    ),
    handle: optional(mostly(stringOfLength(1, 100), fc.constantFrom('', 'h'.repeat(101)))),
    phone: optional(mostly(stringOfLength(5, 32), fc.constantFrom('1234', 'p'.repeat(33)))),
    accountId: optional(mostly(stringOfLength(1, 64), fc.constantFrom('', 'a'.repeat(65)))),
  },
  { requiredKeys: [] },
);
const count = mostly(fc.nat(), fc.constantFrom(-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2));
const social = fc.record({
  platform: mostly(stringOfLength(1, 40), fc.constantFrom('', 'p'.repeat(41))),
  followers: count,
  verified: mostly(fc.boolean(), fc.constant('yes' as unknown as boolean)),
  visibility: mostly(fc.constantFrom('post', 'reply', 'dm'), fc.constant('story')),
  engagement: fc.record({
    reposts: count,
    replies: count,
    likes: count,
    postedAt: dateTime,
    readAt: dateTime,
  }),
});
const turn = fc.record({
  role: mostly(fc.constantFrom('customer', 'agent'), fc.constant('bot')),
  at: dateTime,
  text: mostly(stringOfLength(0, 40), fc.constant('x'.repeat(20_001))),
});
const draft = fc.record(
  {
    channel: mostly(fc.constantFrom('email', 'chat', 'social'), fc.constant('fax')),
    sourceId: mostly(stringOfLength(1, 20), fc.constantFrom('', 's'.repeat(513))),
    receivedAt: dateTime,
    identity,
    displayName: optional(mostly(stringOfLength(0, 200), fc.constant('n'.repeat(201)))),
    threadKey: mostly(stringOfLength(1, 20), fc.constantFrom('', 't'.repeat(513))),
    subject: optional(mostly(stringOfLength(0, 20), fc.constant('s'.repeat(1001)))),
    text: stringOfLength(0, 30),
    isPublic: fc.boolean(),
    social: optional(social),
    priorTurns: fc.array(turn, { maxLength: 3 }),
    attachments: fc.constant([{ mimeType: 'text/plain', bytes: 3 }]),
  },
  { requiredKeys: ['channel', 'sourceId', 'receivedAt', 'identity', 'threadKey', 'text', 'isPublic'] },
) as fc.Arbitrary<ContactDraft>;
const derived = fc.record({
  id: mostly(fc.constant(contactId('chat', 'x')), fc.constantFrom('c_not-a-hash', `c_${'A'.repeat(32)}`)),
  text: mostly(stringOfLength(1, 30), fc.constantFrom('', 'y'.repeat(50_001))),
  language: mostly(fc.constantFrom('en', 'de', 'pt-BR'), fc.constantFrom('x', 'toolonglang')),
  languageConfident: fc.boolean(),
  priorTurns: fc.array(turn, { maxLength: 3 }),
}) as fc.Arbitrary<DerivedFields>;

describe('plainContact, the fast path of normalise()', () => {
  it('builds exactly what contactSchema parses, keys in the same order, or leaves the draft to zod', () => {
    let built = 0;
    fc.assert(
      fc.property(draft, derived, fc.nat(9), (generated, x, n) => {
        // Attachments only now and then: the fast path leaves those to zod.
        const { attachments, ...rest } = generated;
        const d: ContactDraft = n === 0 && attachments ? { ...rest, attachments } : rest;
        const reference = contactSchema.safeParse({ ...d, ...x });
        const fast = plainContact(d, x);
        if (fast === undefined) return;
        built++;
        // Whatever the fast path builds, zod would have accepted, and built the same.
        expect(reference.success).toBe(true);
        expect(fast).toStrictEqual(reference.data);
        expect(shape(fast)).toEqual(shape(reference.data));
      }),
      { numRuns: 3000 },
    );
    // …and it is the path valid drafts take (without attachments, a good share of the generated ones).
    expect(built).toBeGreaterThan(300);
  });

  it('takes every valid draft without attachments', () => {
    fc.assert(
      fc.property(draft, derived, (d, x) => {
        const { attachments: _, ...withoutAttachments } = d;
        const reference = contactSchema.safeParse({ ...withoutAttachments, ...x });
        expect(plainContact(withoutAttachments, x) !== undefined).toBe(reference.success);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps an optional key the draft holds as undefined, as zod does, and none it does not hold', () => {
    const base = {
      channel: 'chat' as const,
      sourceId: 's1',
      receivedAt: '2026-11-20T12:00:00Z',
      identity: { email: 'Ann@Example.com', handle: undefined },
      threadKey: 'chat:s1',
      text: 'hello',
      isPublic: false,
    };
    const x: DerivedFields = {
      id: contactId('chat', 's1'),
      text: 'hello',
      language: 'en',
      languageConfident: false,
      priorTurns: [],
    };
    const fast = plainContact({ ...base, displayName: undefined }, x);
    expect(Object.keys(fast ?? {})).toEqual([
      'id',
      'channel',
      'sourceId',
      'receivedAt',
      'identity',
      'displayName',
      'threadKey',
      'text',
      'language',
      'languageConfident',
      'isPublic',
      'priorTurns',
    ]);
    expect(fast?.identity).toStrictEqual({ email: 'ann@example.com', handle: undefined });
    expect(Object.keys(plainContact(base, x) ?? {})).not.toContain('displayName');
  });
});

describe('plainContact and contactSchema', () => {
  it('know the same fields: a field added to the schema must be added to plain-contact.ts too', () => {
    expect(Object.keys(contactSchema.shape)).toEqual([
      'id',
      'channel',
      'sourceId',
      'receivedAt',
      'identity',
      'displayName',
      'threadKey',
      'subject',
      'text',
      'language',
      'languageConfident',
      'isPublic',
      'social',
      'priorTurns',
      'attachments',
    ]);
    expect(Object.keys(identitySchema.shape)).toEqual(['email', 'handle', 'phone', 'accountId']);
    expect(Object.keys(socialReachSchema.shape)).toEqual([
      'platform',
      'followers',
      'verified',
      'visibility',
      'engagement',
    ]);
    expect(Object.keys(socialReachSchema.shape.engagement.shape)).toEqual([
      'reposts',
      'replies',
      'likes',
      'postedAt',
      'readAt',
    ]);
    expect(Object.keys(priorTurnSchema.shape)).toEqual(['role', 'at', 'text']);
  });
});

describe('normalise', () => {
  it('refuses a draft the fast path leaves to zod with zod’s words', () => {
    const refusal = (() => {
      try {
        normalise({
          channel: 'social',
          sourceId: 'x:1',
          receivedAt: '2026-11-20T12:00:00Z',
          identity: { handle: `x:${'h'.repeat(100)}` },
          threadKey: 'social:x:1',
          text: 'my order never came',
          isPublic: true,
        });
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(RejectionError);
    expect(refusal).toMatchObject({
      code: 'invalid_field',
      reason: "contact field 'identity.handle': Too big: expected string to have <=100 characters",
    });
  });
});
