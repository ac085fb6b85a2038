import * as z from 'zod';
import { channelSchema } from '../contact.ts';
import { TIERS } from '../scoring/tier.ts';

/**
 * The brief as triage stores it on the case (JSON of functions/core/brief/brief.ts), parsed on the way
 * out. Lists default to empty so a brief written by an older version still reads.
 */
const reason = z.object({ signal: z.string(), weight: z.number(), detail: z.string() });
const promise = z.object({
  promiseId: z.string(),
  text: z.string(),
  madeAt: z.string(),
  dueAt: z.string(),
  kept: z.boolean(),
  source: z.enum(['agent', 'customer_report', 'staff']),
});

export const storedBriefSchema = z.object({
  caseId: z.string(),
  customer: z.object({
    customerId: z.string(),
    name: z.string().optional(),
    keys: z.record(z.string(), z.string()).default({}),
    contactsSoFar: z.number().int().default(1),
  }),
  latestMessage: z.object({
    contactId: z.string(),
    channel: channelSchema,
    receivedAt: z.string(),
    subject: z.string().optional(),
    text: z.string(),
  }),
  scores: z.object({ frustration: z.number(), viralRisk: z.number(), tier: z.enum(TIERS) }),
  whyHeated: z.array(reason).default([]),
  timeline: z
    .array(
      z.object({
        at: z.string(),
        channel: channelSchema,
        tier: z.enum(TIERS),
        frustration: z.number(),
        excerpt: z.string(),
      }),
    )
    .default([]),
  alreadyTried: z.array(z.object({ at: z.string(), what: z.string() })).default([]),
  promises: z
    .object({ open: z.array(promise).default([]), broken: z.array(promise).default([]) })
    .default({ open: [], broken: [] }),
  owner: z.string().nullable().default(null),
  deadline: z.string(),
  suggestedOpening: z.string().default(''),
});
export type StoredBrief = z.infer<typeof storedBriefSchema>;

/** A brief that is not JSON or not a brief: the store's fault, reported as such, never shown half-read. */
export class StoredBriefError extends Error {
  override readonly name = 'StoredBriefError';
  constructor(readonly caseId: string) {
    super(`case ${caseId} has an unreadable brief`);
  }
}

export function parseStoredBrief(caseId: string, json: string): StoredBrief {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new StoredBriefError(caseId);
  }
  const parsed = storedBriefSchema.safeParse(raw);
  if (!parsed.success) throw new StoredBriefError(caseId);
  return parsed.data;
}
