import { z } from 'zod';
import { channelSchema } from '../../core/contact.ts';
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
  text: z.string(),
  madeAt: z.string(),
  dueAt: z.string(),
  kept: z.boolean(),
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
  alertedTier: tier.optional(),
  contactCount: z.number().int(),
  frustration: z.number(),
  viralRisk: z.number(),
  brief: z.string(),
  briefText: z.string(),
});
export type CaseItem = z.infer<typeof caseItem>;
