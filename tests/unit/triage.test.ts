import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../functions/core/scoring/tier.ts';
import { type TriageDeps, triageContact } from '../../functions/core/triage.ts';
import { aContact } from '../helpers/factories.ts';
import { fixedTextModel, RecordingPublisher } from '../helpers/fakes.ts';
import { MemoryCaseStore } from '../helpers/memory-store.ts';

function deps(negative = 0.2): TriageDeps & { store: MemoryCaseStore; publisher: RecordingPublisher } {
  return {
    store: new MemoryCaseStore(),
    publisher: new RecordingPublisher(),
    textModel: fixedTextModel(negative),
    thresholds: DEFAULT_THRESHOLDS,
    clock: () => new Date('2026-11-20T12:00:00Z'),
  };
}

const angry = "This is the third time I'm writing. Nobody called me back as promised and I'm cancelling.";

describe('triageContact', () => {
  it('sends a hot contact to the senior queue with its brief, once', async () => {
    const d = deps(0.9);
    const contact = aContact({ text: angry });
    const first = await triageContact(contact, d);
    const second = await triageContact(contact, d);
    expect(first.status).toBe('routed');
    expect(second).toEqual({ status: 'duplicate', contactId: contact.id, republished: false });
    expect(d.publisher.published).toHaveLength(1);
    const [alert] = d.publisher.published;
    expect(alert?.kind).toBe('alert');
    if (alert?.kind === 'alert') expect(alert.briefText).toContain('Suggested opening');
    expect(d.store.decisions).toHaveLength(1);
  });

  it('re-publishes the stored routing when a crash came between storing and publishing', async () => {
    const d = deps(0.9);
    const contact = aContact({ text: angry });
    d.publisher.failNext = new Error('SQS unavailable');
    await expect(triageContact(contact, d)).rejects.toThrow('SQS unavailable');
    expect(d.publisher.published).toHaveLength(0);
    const retry = await triageContact(contact, d);
    expect(retry).toEqual({ status: 'duplicate', contactId: contact.id, republished: true });
    expect(d.publisher.published).toHaveLength(1);
    expect(d.store.decisions).toHaveLength(1);
  });

  it('joins the open case and alerts once per tier, not once per message', async () => {
    const d = deps(0.9);
    for (let i = 0; i < 5; i++) {
      await triageContact(aContact({ text: angry, receivedAt: `2026-11-20T10:0${i}:00.000Z` }), d);
    }
    expect(new Set(d.store.decisions.map((x) => x.caseId)).size).toBe(1);
    expect(d.publisher.published.filter((m) => m.kind === 'alert')).toHaveLength(1);
    expect(d.store.decisions.at(-1)?.destination).toBe('senior (case updated, already alerted)');
  });

  it('sends a calm contact to the normal queue with its reasons', async () => {
    const d = deps(0.05);
    await triageContact(aContact({ text: 'Thanks, all sorted now!' }), d);
    expect(d.publisher.published).toEqual([
      expect.objectContaining({
        kind: 'normal',
        tier: 'calm',
        reasons: [expect.objectContaining({ signal: 'tone' })],
      }),
    ]);
  });

  it('lets history turn the third calm-worded message hot', async () => {
    const d = deps(0.3);
    const days = ['2026-11-14', '2026-11-17', '2026-11-20'];
    for (const [i, day] of days.entries()) {
      await triageContact(
        aContact({
          sourceId: `m${i}`,
          text: 'Is my prescription ready yet?',
          receivedAt: `${day}T09:00:00.000Z`,
        }),
        d,
      );
    }
    const last = d.store.decisions.at(-1);
    expect(last?.caseTier).toMatch(/hot|critical/);
    expect(last?.frustration.reasons.map((r) => r.signal)).toContain('repeat_contact_history');
  });
});

describe('a redelivery while the first delivery may still be running', () => {
  it('retries instead of publishing a second copy, and re-publishes once the window has passed', async () => {
    let now = new Date('2026-11-20T12:00:00Z');
    const d = { ...deps(0.9), clock: () => now, inFlightMs: 30_000 };
    const contact = aContact({ text: angry });
    d.publisher.failNext = new Error('crashed before publishing');
    await expect(triageContact(contact, d)).rejects.toThrow('crashed before publishing');

    now = new Date('2026-11-20T12:00:10Z');
    await expect(triageContact(contact, d)).rejects.toThrow(/may still be routing/);
    expect(d.publisher.published).toHaveLength(0);

    now = new Date('2026-11-20T12:00:31Z');
    expect(await triageContact(contact, d)).toEqual({
      status: 'duplicate',
      contactId: contact.id,
      republished: true,
    });
    expect(d.publisher.published).toHaveLength(1);
  });
});
