import { describe, expect, it } from 'vitest';
import {
  briefForCase,
  parseStoredBrief,
  routingForItem,
  routingFromItem,
  wholeBrief,
} from '../../functions/adapters/dynamodb/stored-brief.ts';
import { decide } from '../../functions/core/decision.ts';
import { emptyHistory } from '../../functions/core/history.ts';
import { DEFAULT_THRESHOLDS } from '../../functions/core/scoring/tier.ts';
import { aContact } from '../helpers/factories.ts';

const angry =
  "This is the third time I'm writing. Nobody called me back as promised and I'm cancelling my subscription today.";

function decided(negative: number, text = angry) {
  return decide({
    contact: aContact({ text }),
    tone: { negative, model: 'fixed' },
    languageConfident: true,
    history: emptyHistory('u_stored_brief'),
    roster: [],
    thresholds: DEFAULT_THRESHOLDS,
    now: new Date('2026-11-20T12:00:00Z'),
  });
}

describe('the brief as a case stores it', () => {
  it('leaves out the text and the reasons, which the contact and decision items hold', () => {
    const d = decided(0.95);
    const stored = briefForCase(d.brief);
    expect(stored).not.toContain(angry);
    expect(JSON.parse(stored)).not.toHaveProperty('whyHeated');
  });

  it('comes back whole from the contact text and the decision scores', () => {
    // Prepare
    const d = decided(0.95);

    // Act
    const whole = wholeBrief(parseStoredBrief(briefForCase(d.brief)), d.contact.text, {
      frustration: d.frustration,
      viralRisk: d.viralRisk,
    });

    // Assess
    expect(whole).toEqual(d.brief);
  });

  it('reads a brief stored whole by an earlier version as it is', () => {
    const d = decided(0.95);
    expect(wholeBrief(parseStoredBrief(JSON.stringify(d.brief)), 'other text', undefined)).toEqual(d.brief);
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
    expect(JSON.parse(stored)).not.toHaveProperty('briefText');
    expect(routingFromItem(stored, contact.text)).toEqual(routing);
  });

  it('keeps a normal message as it is', () => {
    const { routing, contact } = decided(0.05, 'Could you tell me when my parcel ships?');
    if (routing?.kind !== 'normal') throw new Error(`expected a normal message, got ${routing?.kind}`);
    expect(routingFromItem(routingForItem(routing), contact.text)).toEqual(routing);
  });
});
