import { hash } from 'node:crypto';

function digest(parts: readonly string[]): string {
  // NUL separator: no field can contain it, so ("ab","c") and ("a","bc") never collide.
  // One-shot hash(): a third of createHash()'s cost on ids this short (bench/triage-core.ts).
  return hash('sha256', parts.join('\u0000'), 'hex').slice(0, 32);
}

/** Same source message → same id on every delivery, so SQS redelivery can be detected by a conditional write. */
export function contactId(channel: string, sourceId: string): string {
  return `c_${digest([channel, sourceId])}`;
}

export function customerIdFor(identityKey: string): string {
  return `u_${digest([identityKey])}`;
}

export function caseIdFor(firstContactId: string): string {
  return `k_${digest([firstContactId])}`;
}

export function alertIdFor(caseId: string, tier: string): string {
  return `a_${digest([caseId, tier])}`;
}
