import { describe, expect, it } from 'vitest';
import type { RoutingMessage } from '../../functions/core/routing/messages.ts';
import { type Escalation, runSweep, type SweepCase } from '../../functions/core/sweeper.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');
const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000).toISOString();

function sweepCase(id: string, c: Partial<SweepCase> = {}): SweepCase {
  return { caseId: id, tier: 'hot', owner: 'amara', deadline: minutes(-30), escalationLevel: 0, ...c };
}

describe('the deadline sweeper', () => {
  it('asks for the cases due at its clock, decides again on what it got, and escalates each once', async () => {
    // Prepare: the index lags the table, so what it hands over may be acknowledged or not due any more.
    const asked: Date[] = [];
    const published: RoutingMessage[] = [];
    const escalated: Escalation[] = [];
    const due = [
      sweepCase('k_due'),
      sweepCase('k_acknowledged', { acknowledgedAt: minutes(-5) }),
      sweepCase('k_not_yet', { deadline: minutes(10) }),
      sweepCase('k_critical', { tier: 'critical', escalationLevel: 1 }),
    ];

    // Act
    const done = await runSweep({
      due: {
        async dueForSweep(now) {
          asked.push(now);
          return due;
        },
      },
      ops: {
        async escalate(e) {
          escalated.push(e);
          return true;
        },
        async briefText(caseId) {
          return `brief of ${caseId}`;
        },
      },
      publisher: {
        async publish(message) {
          published.push(message);
        },
      },
      clock: () => NOW,
    });

    // Assess
    expect(asked).toEqual([NOW]);
    expect(done.map((e) => [e.caseId, e.tier, e.level])).toEqual([
      ['k_due', 'critical', 1],
      ['k_critical', 'critical', 2],
    ]);
    expect(escalated.map((e) => e.caseId)).toEqual(['k_due', 'k_critical']);
    expect(published.map((m) => m.kind)).toEqual(['escalation', 'escalation']);
  });
});
