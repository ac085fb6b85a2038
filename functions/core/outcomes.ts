import * as z from 'zod';

/**
 * How a case ended, or what happened on it, as senior staff record it. Stored beside the decisions
 * in the case's partition so a report can show how well routing worked.
 */
export const OUTCOME_KINDS = [
  'acknowledged',
  'note',
  'reassigned',
  'resolved',
  'refunded',
  'churned',
  'went_public',
] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** Kinds that close the case: the customer's next message opens a new one. */
export const CLOSING_KINDS: readonly OutcomeKind[] = ['resolved', 'refunded', 'churned'];

/** The body staff send (the case id comes from the URL or the command line). */
export const outcomeBodySchema = z.object({
  kind: z.enum(OUTCOME_KINDS),
  by: z.string().min(1).max(64),
  csat: z.number().int().min(1).max(5).optional(),
  note: z.string().max(2000).optional(),
  /** What was tried and how it went: the brief lists these so nobody repeats what failed. */
  actions: z
    .array(z.object({ what: z.string().min(1).max(500), result: z.enum(['worked', 'failed', 'pending']) }))
    .max(50)
    .default([]),
  /** Commitments made to the customer; past due and unkept, they raise frustration on the next contact. */
  promises: z
    .array(z.object({ text: z.string().min(1).max(500), dueAt: z.string().datetime({ offset: true }) }))
    .max(20)
    .default([]),
  /** For `reassigned`: the new owner's staff id. */
  owner: z.string().min(1).max(64).optional(),
});

export const outcomeSchema = outcomeBodySchema
  .extend({ caseId: z.string().regex(/^k_[0-9a-f]{32}$/) })
  .refine((o) => o.kind !== 'reassigned' || o.owner !== undefined, {
    message: "a 'reassigned' outcome needs the new owner",
    path: ['owner'],
  });
export type Outcome = z.infer<typeof outcomeSchema>;
