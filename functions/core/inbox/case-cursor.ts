import * as z from 'zod';
import { TIERS, type Tier } from '../scoring/tier.ts';
import type { CasePosition } from './ports.ts';
import { ApiRefusal } from './refusal.ts';

/**
 * The `cursor` of GET /api/cases: where the next page starts (a tier, and the deadline and case id of the
 * last case read in it), as URL-safe base64 of a short JSON array. Opaque to the page; checked here on the
 * way in, because the reader turns it into a DynamoDB start key.
 */
const position = z.union([
  z.tuple([z.enum(TIERS)]),
  z.tuple([z.enum(TIERS), z.iso.datetime({ offset: false }), z.string().regex(/^k_[0-9a-f]{32}$/)]),
]);

export function encodeCursor(p: CasePosition): string {
  const parts = p.after ? [p.tier, p.after.deadline, p.after.caseId] : [p.tier];
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The position a cursor names; a cursor this API did not give out, or one for another tier, is a 400. */
export function decodeCursor(cursor: string, filterTier: Tier | undefined): CasePosition {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const parsed = position.safeParse(raw);
  if (!parsed.success) {
    throw new ApiRefusal(
      400,
      'invalid_cursor',
      'cursor: not one this list gave out; load the first page again (without a cursor)',
    );
  }
  const [tier, deadline, caseId] = parsed.data;
  if (filterTier !== undefined && tier !== filterTier) {
    throw new ApiRefusal(
      400,
      'invalid_cursor',
      `cursor: it continues the ${tier} cases, not the ${filterTier} ones this filter asks for`,
    );
  }
  return deadline !== undefined && caseId !== undefined ? { tier, after: { deadline, caseId } } : { tier };
}
