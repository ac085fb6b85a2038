import { describe, expect, it } from 'vitest';
import {
  briefForCase,
  latestContactOf,
  parseStoredBrief,
  routingForItem,
  routingFromItem,
  wholeBrief,
} from '../../functions/adapters/dynamodb/stored-brief.ts';
import type { Contact } from '../../functions/core/contact.ts';
import { decide } from '../../functions/core/decision.ts';
import { emptyHistory } from '../../functions/core/history.ts';
import { DEFAULT_THRESHOLDS } from '../../functions/core/scoring/tier.ts';
import { aContact } from '../helpers/factories.ts';

const angry =
  "This is the third time I'm writing. Nobody called me back as promised and I'm cancelling my subscription today.";

function decided(negative: number, text = angry, contact: Partial<Contact> = {}) {
  return decide({
    contact: aContact({ text, ...contact }),
    tone: { negative, model: 'fixed' },
    languageConfident: true,
    history: emptyHistory('u_stored_brief'),
    roster: [],
    thresholds: DEFAULT_THRESHOLDS,
    now: new Date('2026-11-20T12:00:00Z'),
  });
}

/** The contact item as saveDecision writes it: Contact JSON and the opening its decision suggested. */
function contactItemOf(d: ReturnType<typeof decide>) {
  return latestContactOf(JSON.stringify(d.contact), d.brief.suggestedOpening);
}

/** The brief as the readers rebuild it from the case's stored brief, its latest contact, scores and case. */
function rebuilt(d: ReturnType<typeof decide>) {
  return wholeBrief(
    parseStoredBrief(briefForCase(d.brief)),
    contactItemOf(d),
    { frustration: d.frustration, viralRisk: d.viralRisk },
    { caseId: d.caseId, customerId: d.customerId },
  );
}

describe('the brief as a case stores it', () => {
  it('leaves out what the case, contact and decision items hold', () => {
    const d = decided(0.95);
    const stored = JSON.parse(briefForCase(d.brief));
    expect(JSON.stringify(stored)).not.toContain(angry);
    expect(JSON.stringify(stored)).not.toContain('dana@example.com');
    expect(stored).not.toHaveProperty('whyHeated');
    expect(stored).not.toHaveProperty('suggestedOpening');
    expect(stored).not.toHaveProperty('caseId');
    expect(stored.customer).toEqual({ contactsSoFar: 1 });
  });

  it("keeps the brief of a first contact's case small: a case under 1 KB costs 2 write units, not 4", () => {
    const d = decided(0.95);
    expect(d.brief.suggestedOpening.length).toBeGreaterThan(200);
    expect(Buffer.byteLength(briefForCase(d.brief))).toBeLessThan(700);
  });

  it('comes back whole from the contact item, the decision scores and the case', () => {
    // Prepare
    const d = decided(0.95);

    // Act
    const whole = rebuilt(d);

    // Assess
    expect(whole).toEqual(d.brief);
  });

  it('rebuilds a brief whose customer gave an empty name and subject exactly as it was built', () => {
    // Intake accepts an empty display name or subject; the built brief leaves both out.
    const d = decided(0.95, angry, { displayName: '', subject: '' });
    expect(d.brief.customer).not.toHaveProperty('name');
    expect(d.brief.latestMessage).not.toHaveProperty('subject');

    const whole = rebuilt(d);

    expect(whole).toEqual(d.brief);
  });

  it('reads a brief stored whole by an earlier version as it is', () => {
    const d = decided(0.95);
    const other = latestContactOf(
      JSON.stringify({ ...d.contact, text: 'other text', displayName: 'Other' }),
      'Hi.',
    );
    expect(wholeBrief(parseStoredBrief(JSON.stringify(d.brief)), other, undefined)).toEqual(d.brief);
  });
});

describe('the routing a contact keeps until it is routed', () => {
  it('stores an alert without its text or rendering and re-publishes exactly what was published', () => {
    // Prepare
    const { routing, contact } = decided(0.95);
    if (routing?.kind !== 'alert') throw new Error(`expected an alert, got ${routing?.kind}`);

    // Act
    const stored = routingForItem(routing);

    // Assess
    expect(stored).not.toContain(angry);
    expect(stored).not.toContain(routing.brief.suggestedOpening);
    expect(JSON.parse(stored)).not.toHaveProperty('briefText');
    expect(
      routingFromItem(stored, latestContactOf(JSON.stringify(contact), routing.brief.suggestedOpening)),
    ).toEqual(routing);
  });

  it('keeps a normal message as it is', () => {
    const { routing, contact } = decided(0.05, 'Could you tell me when my parcel ships?');
    if (routing?.kind !== 'normal') throw new Error(`expected a normal message, got ${routing?.kind}`);
    expect(routingFromItem(routingForItem(routing), latestContactOf(JSON.stringify(contact)))).toEqual(
      routing,
    );
  });
});
