import { type Brief, whyHeated } from '../../core/brief/brief.ts';
import { renderBrief } from '../../core/brief/render.ts';
import type { RoutingMessage } from '../../core/routing/messages.ts';
import type { Score } from '../../core/scoring/reason.ts';
import * as z from '../../core/zod.ts';
import { type StoredBrief, storedBriefSchema } from './items.ts';

/**
 * A case's brief is rewritten with every contact of the case, inside a transaction: 2 write units per
 * started KB. So it is stored without what other items already hold — the case's and customer's ids (the
 * case item), the customer's name and keys and the message's subject and text (the latest contact's
 * Contact JSON), the suggested opening (that contact item too) and the reasons it was heated (that
 * contact's decision item) — and without its rendering, which is pure and cheap (renderBrief). That
 * keeps a case of one or two contacts under 1 KB. The reader puts it back together (case-reader.ts).
 */
export function briefForCase(b: Brief): string {
  const { caseId: _case, whyHeated: _why, suggestedOpening: _opening, ...rest } = b;
  const { customerId: _customer, name: _name, keys: _keys, ...customer } = b.customer;
  return JSON.stringify({ ...rest, customer, latestMessage: latestMessageStored(b) });
}

function latestMessageStored(b: Brief) {
  const { text: _text, subject: _subject, ...latestMessage } = b.latestMessage;
  return latestMessage;
}

/** What a brief's latest contact's item holds: its Contact JSON and the opening its decision suggested. */
export interface LatestContact {
  readonly text: string;
  readonly displayName?: string;
  readonly identity?: Readonly<Record<string, string | undefined>>;
  readonly subject?: string;
  readonly suggestedOpening?: string;
}

const contactFacts = z.object({
  text: z.string(),
  displayName: z.optional(z.string()),
  identity: z.optional(z.record(z.string(), z.string())),
  subject: z.optional(z.string()),
});

/** A contact item's Contact JSON (`contact`, the one stored copy of the text) and suggested opening. */
export function latestContactOf(
  contactJson: string | undefined,
  suggestedOpening?: string,
): LatestContact | undefined {
  if (contactJson === undefined) return undefined;
  const facts = contactFacts.parse(JSON.parse(contactJson));
  return suggestedOpening === undefined ? facts : { ...facts, suggestedOpening };
}

/** The message's text from a contact item's Contact JSON (`contact`), its one stored copy. */
export function textOf(contactJson: string | undefined): string | undefined {
  return latestContactOf(contactJson)?.text;
}

export function parseStoredBrief(json: string): StoredBrief {
  return storedBriefSchema.parse(JSON.parse(json));
}

/**
 * The stored brief made whole. `latest` is its latest contact's item, `decision` that contact's scores as
 * stored now and `theCase` the case it belongs to; what a brief stored before kept of its own wins.
 */
export function wholeBrief(
  stored: StoredBrief,
  latest: LatestContact | undefined,
  decision: { frustration: Score; viralRisk: Score } | undefined,
  theCase?: { caseId: string; customerId: string },
): Brief {
  const { customerId, name, keys, contactsSoFar } = stored.customer;
  const customer: { customerId: string; name?: string; keys: Record<string, string>; contactsSoFar: number } =
    {
      customerId: customerId ?? theCase?.customerId ?? '',
      keys: keys ?? definedKeys(latest?.identity),
      contactsSoFar,
    };
  // The brief was built from this very contact: its name and subject are the brief's, or there were none
  // (buildBrief leaves an empty name or subject out, so an empty one here means none as well).
  const customerName = name ?? (latest?.displayName || undefined);
  if (customerName !== undefined) customer.name = customerName;
  const { subject, text, ...message } = stored.latestMessage;
  const latestSubject = subject ?? (latest?.subject || undefined);
  return {
    ...stored,
    caseId: stored.caseId ?? theCase?.caseId ?? '',
    customer,
    latestMessage: {
      ...message,
      ...(latestSubject !== undefined ? { subject: latestSubject } : {}),
      text: text ?? latest?.text ?? '',
    },
    whyHeated: stored.whyHeated ?? (decision ? whyHeated(decision.frustration, decision.viralRisk) : []),
    suggestedOpening: stored.suggestedOpening ?? latest?.suggestedOpening ?? '',
  };
}

function definedKeys(identity: LatestContact['identity']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(identity ?? {})) if (value !== undefined) out[key] = value;
  return out;
}

/**
 * Routing kept on the contact item until it is marked routed, so a redelivery re-publishes the same
 * message. An alert carries the brief twice over (JSON and rendered): it is stored without what the same
 * item holds (the Contact JSON's name, keys, subject and text, and the suggested opening) and without
 * the rendering, when rendering gives back exactly what was published. The reasons stay: they must be
 * the published ones even if the decision changes meanwhile.
 */
export function routingForItem(r: RoutingMessage): string {
  if (r.kind !== 'alert' || r.briefText !== renderBrief(r.brief)) return JSON.stringify(r);
  const { briefText: _rendered, brief, ...rest } = r;
  const { suggestedOpening: _opening, ...kept } = brief;
  const { name: _name, keys: _keys, ...customer } = brief.customer;
  return JSON.stringify({ ...rest, brief: { ...kept, customer, latestMessage: latestMessageStored(brief) } });
}

/** The routing message as published, from routingForItem's JSON and the contact item it was kept on. */
export function routingFromItem(json: string, latest: LatestContact | undefined): RoutingMessage {
  const stored = JSON.parse(json) as RoutingMessage;
  if (stored.kind !== 'alert' || typeof stored.briefText === 'string') return stored;
  const brief = wholeBrief(storedBriefSchema.parse(stored.brief), latest, undefined);
  return { ...stored, brief, briefText: renderBrief(brief) };
}
