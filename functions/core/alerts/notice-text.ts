import { type AlertNotice, signedWeight } from './notice.ts';

/** SNS caps e-mail subjects at 100 characters. */
const SUBJECT_MAX = 99;

export function noticeSubject(n: AlertNotice): string {
  const subject =
    n.kind === 'incident'
      ? `Flashpoint: incident ${n.incidentId} (${n.topic})`
      : n.kind === 'escalation'
        ? `Flashpoint: case ${n.caseId} escalated to ${n.tier}`
        : `Flashpoint: ${n.tier} case ${n.caseId}`;
  return subject.slice(0, SUBJECT_MAX);
}

/** The plain text an e-mail subscriber reads: one paragraph a person can act on, ids to look the case up. */
export function noticeText(n: AlertNotice): string {
  switch (n.kind) {
    case 'alert': {
      const why = n.reasons.map((r) => `${r.signal} ${signedWeight(r.weight)}`).join(', ') || 'none recorded';
      return [
        `Case ${n.caseId} is ${n.tier} (frustration ${n.frustration}, viral risk ${n.viralRisk}).`,
        `Why: ${why}.`,
        `Owner: ${n.owner ?? 'unassigned'}. Reply by ${n.deadline}.`,
        `Alert ${n.alertId}.`,
      ].join('\n');
    }
    case 'escalation':
      return [
        `Case ${n.caseId} escalated to ${n.tier} (level ${n.level}): ${n.because}.`,
        `Owner: ${n.owner ?? 'unassigned'}. New deadline ${n.deadline}.`,
        `Alert ${n.alertId}.`,
      ].join('\n');
    case 'incident':
      return [
        `Incident ${n.incidentId}: brand-wide spike about ${n.topic}, ${n.mentions} mentions from ${n.windowStart} to ${n.windowEnd} (baseline expects ${n.expected}).`,
        `Every case in it is linked in the inbox and at least hot.`,
        `Alert ${n.alertId}.`,
      ].join('\n');
  }
}
