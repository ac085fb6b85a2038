import type { RoutingMessage } from '../routing/messages.ts';
import { TIERS } from '../scoring/tier.ts';
import * as z from '../zod.ts';

/**
 * The short, structured form of an alert that leaves the pipeline for people's tools (the alerts topic:
 * e-mail, chat webhook, anything subscribed). Ids, scores, signal names with their weights, owner and
 * deadline only: no customer words, no address, no phone number. Reason `detail` sentences are left out on
 * purpose, because some quote the customer (a broken promise's text, a sensitive term); the inbox shows them.
 */
const reasonSchema = z.object({
  signal: z.string().check(z.minLength(1), z.maxLength(80)),
  weight: z.number(),
});
const tier = z.enum(TIERS);
const id = z.string().check(z.minLength(1), z.maxLength(80));

export const alertNoticeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('alert'),
    alertId: id,
    caseId: id,
    tier,
    frustration: z.number().check(z.gte(0), z.lte(100)),
    viralRisk: z.number().check(z.gte(0), z.lte(100)),
    reasons: z.array(reasonSchema).check(z.maxLength(10)),
    owner: z.nullable(z.string().check(z.maxLength(200))),
    deadline: z.string().check(z.iso.datetime({ offset: true })),
  }),
  z.object({
    kind: z.literal('escalation'),
    alertId: id,
    caseId: id,
    tier,
    level: z.number().check(z.int(), z.gte(1)),
    because: z.string().check(z.maxLength(300)),
    owner: z.nullable(z.string().check(z.maxLength(200))),
    deadline: z.string().check(z.iso.datetime({ offset: true })),
  }),
  z.object({
    kind: z.literal('incident'),
    alertId: id,
    incidentId: id,
    caseId: z.string().check(z.maxLength(80)),
    tier,
    topic: z.string().check(z.minLength(1), z.maxLength(80)),
    mentions: z.number().check(z.int(), z.gte(0)),
    expected: z.number().check(z.gte(0)),
    windowStart: z.string().check(z.iso.datetime({ offset: true })),
    windowEnd: z.string().check(z.iso.datetime({ offset: true })),
  }),
]);
export type AlertNotice = z.infer<typeof alertNoticeSchema>;

/** `+24` / `-5`: a reason's points as a person reads them. */
export function signedWeight(weight: number): string {
  return weight >= 0 ? `+${weight}` : `${weight}`;
}

/** Reasons a notice carries: the brief's strongest, enough to say why without the whole story. */
export const NOTICE_REASONS = 5;

export function alertNotice(m: Exclude<RoutingMessage, { kind: 'normal' }>): AlertNotice {
  switch (m.kind) {
    case 'alert':
      return {
        kind: 'alert',
        alertId: m.alertId,
        caseId: m.caseId,
        tier: m.tier,
        frustration: m.frustration,
        viralRisk: m.viralRisk,
        reasons: m.brief.whyHeated
          .slice(0, NOTICE_REASONS)
          .map((r) => ({ signal: r.signal, weight: r.weight })),
        owner: m.owner,
        deadline: m.deadline,
      };
    case 'escalation':
      return {
        kind: 'escalation',
        alertId: m.alertId,
        caseId: m.caseId,
        tier: m.tier,
        level: m.level,
        because: m.because.slice(0, 300),
        owner: m.owner,
        deadline: m.deadline,
      };
    case 'incident':
      // Top terms stay out: they are words from customers' posts, and the inbox's incident page shows them.
      return {
        kind: 'incident',
        alertId: m.alertId,
        incidentId: m.incidentId,
        caseId: m.caseId,
        tier: m.tier,
        topic: m.topic,
        mentions: m.mentions,
        expected: m.expected,
        windowStart: m.windowStart,
        windowEnd: m.windowEnd,
      };
  }
}
