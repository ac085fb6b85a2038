import type { Brief } from '../brief/brief.ts';
import type { StoredCase } from './ports.ts';

/** A brief the store could not read: the store's fault, reported as such, never shown half-read. */
export class StoredBriefError extends Error {
  override readonly name = 'StoredBriefError';
  constructor(readonly caseId: string) {
    super(`case ${caseId} has an unreadable brief`);
  }
}

/** The case's brief, for the pages that cannot do without one (a case's own page). */
export function briefOf(c: StoredCase): Brief {
  if (c.brief === null) throw new StoredBriefError(c.caseId);
  return c.brief;
}
