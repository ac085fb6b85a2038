import { z } from 'zod';
import { channelSchema } from '../../core/contact.ts';
import { staffSchema } from '../../core/routing/roster.ts';
import { TIERS } from '../../core/scoring/tier.ts';

/** Items are parsed on the way out of DynamoDB too: past this edge nothing is `any`. */
const tier = z.enum(TIERS);

export const contactItem = z.object({
  contactId: z.string(),
  caseId: z.string(),
  routing: z.string().optional(),
  routedAt: z.string().optional(),
});

export const identityItem = z.object({ customerId: z.string() });

export const timelineItem = z.object({
  SK: z.string().startsWith('CONTACT#'),
  contactId: z.string(),
  caseId: z.string(),
  channel: channelSchema,
  receivedAt: z.string(),
  tier,
  frustration: z.number(),
  excerpt: z.string(),
});

export const promiseItem = z.object({
  SK: z.string().startsWith('PROMISE#'),
  promiseId: z.string(),
  caseId: z.string(),
  text: z.string(),
  madeAt: z.string(),
  dueAt: z.string(),
  kept: z.boolean(),
  source: z.enum(['agent', 'customer_report', 'staff']),
});

export const profileItem = z.object({ SK: z.literal('PROFILE'), lastOwner: z.string().optional() });

export const staffItem = staffSchema.extend({
  openCases: z.number().int().default(0),
  lastAssignedAt: z.string().optional(),
});

export const outcomeItem = z.object({
  SK: z.string().startsWith('OUTCOME#'),
  outcomeId: z.string(),
  kind: z.string(),
  recordedAt: z.string(),
  by: z.string(),
  actions: z
    .array(z.object({ what: z.string(), result: z.enum(['worked', 'failed', 'pending']) }))
    .default([]),
  csat: z.number().int().optional(),
  note: z.string().optional(),
});

export const openCaseItem = z.object({ SK: z.literal('OPENCASE'), caseId: z.string() });

export const caseItem = z.object({
  caseId: z.string(),
  customerId: z.string(),
  status: z.enum(['open', 'closed']),
  tier,
  openedAt: z.string(),
  updatedAt: z.string(),
  owner: z.string().nullable(),
  deadline: z.string(),
  acknowledgedAt: z.string().nullish(),
  closedAt: z.string().optional(),
  closedAs: z.string().optional(),
  wentPublic: z.boolean().optional(),
  csat: z.number().int().optional(),
  escalationLevel: z.number().int().default(0),
  alertedTier: tier.optional(),
  contactCount: z.number().int(),
  frustration: z.number(),
  viralRisk: z.number(),
  brief: z.string(),
  briefText: z.string(),
});
export type CaseItem = z.infer<typeof caseItem>;
