import { describe, expect, it } from 'vitest';
import { runSoak, type SoakReport, summaryLine } from '../../local/faults/soak.ts';

/**
 * `npm run soak` in small: 200 messages over the three channels, a fifth of them sent two or three
 * times, 5% poison, every fault on (local/faults/injector.ts). Then the checks read the real table and
 * queues. A 1 s visibility timeout keeps retries (and the slow fault's redeliveries) within seconds.
 */
describe('soak: 200 messages under injected faults', () => {
  let report: SoakReport;

  it('runs to a drained pipeline with faults actually injected', async () => {
    report = await runSoak({
      messages: 200,
      faults: true,
      seed: 20_261_125,
      duplicates: 0.2,
      poison: 0.05,
      visibilityTimeoutSeconds: 1,
      concurrency: 3,
      // At the soak's 2–3% a 200-message run can miss a kind entirely (≈ 2% chance each), leaving its
      // path untested; 8% makes each asserted kind strike with near certainty (0.92^190 ≈ 1e-7).
      rates: {
        storeThrottle: 0.08,
        crashAfterSave: 0.08,
        crashAfterPublish: 0.08,
        crashAfterMarkRouted: 0.08,
      },
    });
    expect(report.physicalSends).toBeGreaterThan(200);
    // Crashes after each partial write, throttles, SQS send failures and the slow redelivery all struck.
    for (const kind of [
      'storeThrottle',
      'crashAfterSave',
      'crashAfterPublish',
      'crashAfterMarkRouted',
    ] as const) {
      expect(report.injected[kind], kind).toBeGreaterThan(0);
    }
    expect(report.injected.contactQueueFailure + report.injected.publishFailure).toBeGreaterThan(0);
  }, 120_000);

  it('accounts for every message: handled or dead-lettered, none lost', () => {
    expect(report.sent).toBe(200);
    expect(report.handled + report.deadLettered).toBe(200);
    expect(report.neither).toEqual([]);
    expect(report.stuck).toEqual([]);
    expect(report.lostRoutings).toEqual([]);
    expect(report.unmatched).toBe(0);
    // Every poison message is dead-lettered; anything else there exhausted its retries.
    expect(report.poisonSent).toBe(10);
    expect(report.deadLettered).toBeGreaterThanOrEqual(report.poisonSent);
  });

  it('dead-letters every message with a reason: its rejection code, or retries exhausted', () => {
    expect(report.deadLettersWithoutReason).toBe(0);
    expect(Object.keys(report.deadLetterReasons)).toEqual(
      expect.arrayContaining(['malformed_json', 'missing_field', 'invalid_field', 'empty_text']),
    );
  });

  it('doubles no contact and no case, despite duplicates, crashes and redeliveries', () => {
    expect(report.duplicateContacts).toBe(0);
    expect(report.duplicateCases).toBe(0);
    expect(report.inconsistencies).toEqual([]);
  });

  it('hands consumers of the senior queue each alert once, though faults made triage re-publish some', () => {
    expect(report.alerts).toBeGreaterThan(0);
    // A crash between publish and markRouted re-publishes on retry; the FIFO queue drops the copy.
    expect(report.alertPublishesDeduplicated).toBeGreaterThan(0);
    expect(report.alertCopies).toBe(report.alerts);
    expect(report.duplicateAlerts).toBe(0);
    expect(report.duplicateAlertsFromRacingContacts).toBe(0);
    expect(report.failures).toEqual([]);
    expect(summaryLine(report)).toMatch(
      /^sent=200 handled=\d+ dead_lettered=\d+ duplicate_contacts=0 duplicate_cases=0 duplicate_alerts=0$/,
    );
  });
});
