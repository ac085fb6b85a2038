import * as z from 'zod';
import { channelSchema } from '../../core/contact.ts';
import { staffSchema } from '../../core/routing/roster.ts';
import { TIERS } from '../../core/scoring/tier.ts';

/** Items are parsed on the way out of DynamoDB too: past this edge nothing is `any`. */
const tier = z.enum(TIERS);

const reasonSchema = z.object({ signal: z.string(), weight: z.number(), detail: z.string() });
const scoreSchema = z.object({ score: z.number(), reasons: z.array(reasonSchema) });

export const decisionItem = z.object({
  contactId: z.string(),
  decidedAt: z.string(),
  tier,
  caseTier: tier,
  tierBecause: z.string(),
  destination: z.string(),
  frustration: scoreSchema,
  viralRisk: scoreSchema,
  /** Set when the contact was linked to a brand-wide spike incident. */
  incidentId: z.string().optional(),
  /** Set when a re-ingested social mention re-scored this decision (functions/core/refresh.ts). */
  refreshedAt: z.string().optional(),
});
export type DecisionItem = z.infer<typeof decisionItem>;

export const contactItem = z.object({
  contactId: z.string(),
  caseId: z.string(),
  routing: z.string().optional(),
  routedAt: z.string().optional(),
  decidedAt: z.string().optional(),
  customerId: z.string().optional(),
  receivedAt: z.string().optional(),
  /** Social only: when the stored engagement counts were read (see functions/core/refresh.ts). */
  engagementReadAt: z.string().optional(),
  /** The Contact as JSON: the one stored copy of the message text, which briefs refer to. */
  contact: z.string().optional(),
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

const promiseMade = z.object({
  promiseId: z.string(),
  text: z.string(),
  madeAt: z.string(),
  dueAt: z.string(),
  kept: z.boolean(),
  source: z.enum(['agent', 'customer_report', 'staff']),
});

export const promiseItem = promiseMade.extend({
  SK: z.string().startsWith('PROMISE#'),
  caseId: z.string(),
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
  /**
   * The latest brief as JSON, without the latest message's text and reasons: its contact and decision
   * items hold those (stored-brief.ts). Briefs stored before this kept both; both read.
   */
  brief: z.string(),
  /**
   * Only while an incident link has added its paragraph to the rendered brief (spike-store.ts); the next
   * contact's brief removes it. Otherwise the reader renders the brief.
   */
  briefText: z.string().optional(),
  /** The brand-wide spike incident the case is part of (the first one, if several). */
  incidentId: z.string().optional(),
});
export type StoredCaseItem = z.infer<typeof caseItem>;
/** A case as the reader returns it: the brief whole again (JSON, text included) and rendered. */
export type CaseItem = Omit<StoredCaseItem, 'briefText'> & { readonly briefText: string };

/** functions/core/brief/brief.ts as stored: without what other items hold (stored-brief.ts). */
export const storedBriefSchema = z.object({
  caseId: z.string(),
  customer: z.object({
    customerId: z.string(),
    name: z.string().optional(),
    keys: z.record(z.string(), z.string()),
    contactsSoFar: z.number().int(),
  }),
  latestMessage: z.object({
    contactId: z.string(),
    channel: channelSchema,
    receivedAt: z.string(),
    subject: z.string().optional(),
    text: z.string().optional(),
  }),
  scores: z.object({ frustration: z.number(), viralRisk: z.number(), tier }),
  /** Absent on a case: its latest contact's decision item holds the reasons (stored-brief.ts). */
  whyHeated: z.array(reasonSchema).optional(),
  timeline: z.array(
    z.object({ at: z.string(), channel: channelSchema, tier, frustration: z.number(), excerpt: z.string() }),
  ),
  alreadyTried: z.array(z.object({ at: z.string(), what: z.string() })),
  promises: z.object({ open: z.array(promiseMade), broken: z.array(promiseMade) }),
  owner: z.string().nullable(),
  deadline: z.string(),
  suggestedOpening: z.string(),
});
export type StoredBrief = z.infer<typeof storedBriefSchema>;

export const spikeBucketItem = z.object({
  SK: z.string().startsWith('BUCKET#'),
  bucketStart: z.string(),
  mentions: z.number().int(),
});

export const spikeMentionItem = z.object({
  topic: z.string(),
  contactId: z.string(),
  caseId: z.string(),
  at: z.string(),
  bucketStart: z.string(),
  terms: z.array(z.string()).default([]),
});

export const incidentPointerItem = z.object({
  incidentId: z.string(),
  topic: z.string(),
  label: z.string(),
  windowStart: z.string(),
  windowEnd: z.string(),
  openedAt: z.string(),
  openedBy: z.string(),
  mentions: z.number().int(),
  expected: z.number(),
  alertedAt: z.string().optional(),
});

export const incidentItem = incidentPointerItem.extend({
  /** Contacts linked to it so far (each once: the link is conditional). */
  linkedContacts: z.number().int().default(0),
  topTerms: z.array(z.string()).default([]),
  exampleCaseIds: z.array(z.string()).default([]),
});
export type IncidentItem = z.infer<typeof incidentItem>;
