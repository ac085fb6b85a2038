import { channelSchema } from '../../core/contact.ts';
import { staffSchema } from '../../core/routing/roster.ts';
import { TIERS } from '../../core/scoring/tier.ts';
import * as z from '../../core/zod.ts';

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
  incidentId: z.optional(z.string()),
  /** Set when a re-ingested social mention re-scored this decision (functions/core/refresh.ts). */
  refreshedAt: z.optional(z.string()),
});
export type DecisionItem = z.infer<typeof decisionItem>;

export const contactItem = z.object({
  contactId: z.string(),
  caseId: z.string(),
  routing: z.optional(z.string()),
  routedAt: z.optional(z.string()),
  decidedAt: z.optional(z.string()),
  customerId: z.optional(z.string()),
  receivedAt: z.optional(z.string()),
  /** Social only: when the stored engagement counts were read (see functions/core/refresh.ts). */
  engagementReadAt: z.optional(z.string()),
  /** The Contact as JSON: the one stored copy of the message text, which briefs refer to. */
  contact: z.optional(z.string()),
  /** The opening suggested in the brief this contact's decision wrote: its case's brief refers to it. */
  suggestedOpening: z.optional(z.string()),
});

export const identityItem = z.object({ customerId: z.string() });

export const timelineItem = z.object({
  SK: z.string().check(z.startsWith('CONTACT#')),
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

export const promiseItem = z.extend(promiseMade, {
  SK: z.string().check(z.startsWith('PROMISE#')),
  caseId: z.string(),
});

export const profileItem = z.object({ SK: z.literal('PROFILE'), lastOwner: z.optional(z.string()) });

export const staffItem = z.object({
  ...staffSchema.shape,
  openCases: z._default(z.number().check(z.int()), 0),
  lastAssignedAt: z.optional(z.string()),
});

export const outcomeItem = z.object({
  SK: z.string().check(z.startsWith('OUTCOME#')),
  outcomeId: z.string(),
  kind: z.string(),
  recordedAt: z.string(),
  by: z.string(),
  actions: z._default(
    z.array(z.object({ what: z.string(), result: z.enum(['worked', 'failed', 'pending']) })),
    [],
  ),
  csat: z.optional(z.number().check(z.int())),
  note: z.optional(z.string()),
});

export const openCaseItem = z.object({ SK: z.literal('OPENCASE'), caseId: z.string() });

export const caseItem = z.object({
  caseId: z.string(),
  customerId: z.string(),
  status: z.enum(['open', 'closed']),
  tier,
  openedAt: z.string(),
  updatedAt: z.string(),
  owner: z.nullable(z.string()),
  deadline: z.string(),
  acknowledgedAt: z.nullish(z.string()),
  closedAt: z.optional(z.string()),
  closedAs: z.optional(z.string()),
  wentPublic: z.optional(z.boolean()),
  csat: z.optional(z.number().check(z.int())),
  escalationLevel: z._default(z.number().check(z.int()), 0),
  alertedTier: z.optional(tier),
  contactCount: z.number().check(z.int()),
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
  briefText: z.optional(z.string()),
  /** The brand-wide spike incident the case is part of (the first one, if several). */
  incidentId: z.optional(z.string()),
});
export type StoredCaseItem = z.infer<typeof caseItem>;

/**
 * functions/core/brief/brief.ts as stored: without what other items hold (stored-brief.ts). A case's brief
 * leaves out its ids (the case item's), the name, keys, subject, text and suggested opening (its latest
 * contact's item) and the reasons (that contact's decision item); briefs stored before kept some or all.
 */
export const storedBriefSchema = z.object({
  caseId: z.optional(z.string()),
  customer: z.object({
    customerId: z.optional(z.string()),
    name: z.optional(z.string()),
    keys: z.optional(z.record(z.string(), z.string())),
    contactsSoFar: z.number().check(z.int()),
  }),
  latestMessage: z.object({
    contactId: z.string(),
    channel: channelSchema,
    receivedAt: z.string(),
    subject: z.optional(z.string()),
    text: z.optional(z.string()),
  }),
  scores: z.object({ frustration: z.number(), viralRisk: z.number(), tier }),
  /** Absent on a case: its latest contact's decision item holds the reasons (stored-brief.ts). */
  whyHeated: z.optional(z.array(reasonSchema)),
  timeline: z.array(
    z.object({ at: z.string(), channel: channelSchema, tier, frustration: z.number(), excerpt: z.string() }),
  ),
  alreadyTried: z.array(z.object({ at: z.string(), what: z.string() })),
  promises: z.object({ open: z.array(promiseMade), broken: z.array(promiseMade) }),
  owner: z.nullable(z.string()),
  deadline: z.string(),
  suggestedOpening: z.optional(z.string()),
});
export type StoredBrief = z.infer<typeof storedBriefSchema>;

/**
 * A minute's counter. Its bucket start is its sort key's, and is read from there: the window's Query reads
 * up to 65 counters per mention, billed by the 4 KB. Counters written before kept a `bucketStart` of their own.
 */
export const spikeBucketItem = z.pipe(
  z.object({
    SK: z.string().check(z.startsWith('BUCKET#')),
    bucketStart: z.optional(z.string()),
    mentions: z.number().check(z.int()),
  }),
  z.transform(({ SK, bucketStart, mentions }) => ({
    bucketStart: bucketStart ?? SK.slice('BUCKET#'.length),
    mentions,
  })),
);

export const spikeMentionItem = z.object({
  topic: z.string(),
  contactId: z.string(),
  caseId: z.string(),
  at: z.string(),
  bucketStart: z.string(),
  terms: z._default(z.array(z.string()), []),
});

export const incidentPointerItem = z.object({
  incidentId: z.string(),
  topic: z.string(),
  label: z.string(),
  windowStart: z.string(),
  windowEnd: z.string(),
  openedAt: z.string(),
  openedBy: z.string(),
  mentions: z.number().check(z.int()),
  expected: z.number(),
  alertedAt: z.optional(z.string()),
});

export const incidentItem = z.extend(incidentPointerItem, {
  /** Contacts linked to it so far (each once: the link is conditional). */
  linkedContacts: z._default(z.number().check(z.int()), 0),
  topTerms: z._default(z.array(z.string()), []),
  exampleCaseIds: z._default(z.array(z.string()), []),
});
export type IncidentItem = z.infer<typeof incidentItem>;
