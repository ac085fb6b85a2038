import type { Channel, Contact } from '../contact.ts';
import type { CustomerHistory, PromiseMade } from '../history.ts';
import type { Reason } from '../scoring/reason.ts';
import type { Tier } from '../scoring/tier.ts';
import { suggestOpening } from './opening.ts';

/** What the senior person reads first: the whole story, so nobody asks the customer to repeat it. */
export interface Brief {
  readonly caseId: string;
  readonly customer: {
    readonly customerId: string;
    readonly name?: string;
    readonly keys: Readonly<Record<string, string>>;
    readonly contactsSoFar: number;
  };
  readonly latestMessage: {
    readonly contactId: string;
    readonly channel: Channel;
    readonly receivedAt: string;
    readonly subject?: string;
    readonly text: string;
  };
  readonly scores: { readonly frustration: number; readonly viralRisk: number; readonly tier: Tier };
  readonly whyHeated: readonly Reason[];
  readonly timeline: readonly {
    readonly at: string;
    readonly channel: Channel;
    readonly tier: Tier;
    readonly frustration: number;
    readonly excerpt: string;
  }[];
  readonly alreadyTried: readonly { readonly at: string; readonly what: string }[];
  readonly promises: { readonly open: readonly PromiseMade[]; readonly broken: readonly PromiseMade[] };
  readonly owner: string | null;
  readonly deadline: string;
  readonly suggestedOpening: string;
}

export interface BriefInput {
  readonly caseId: string;
  readonly contact: Contact;
  readonly history: CustomerHistory;
  readonly frustration: { readonly score: number; readonly reasons: readonly Reason[] };
  readonly viralRisk: { readonly score: number; readonly reasons: readonly Reason[] };
  readonly tier: Tier;
  readonly owner: string | null;
  readonly deadline: string;
  readonly now: Date;
}

const WHY_LIMIT = 6;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const TIMELINE_LIMIT = 20;

/** The strongest reasons that raised either score: what the brief says first. */
export function whyHeated(
  frustration: { readonly reasons: readonly Reason[] },
  viralRisk: { readonly reasons: readonly Reason[] },
): Reason[] {
  return [...frustration.reasons, ...viralRisk.reasons]
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, WHY_LIMIT);
}

export function buildBrief(input: BriefInput): Brief {
  const { contact, history, now } = input;
  const nowMs = now.getTime();
  const open = history.promises.filter((p) => !p.kept && Date.parse(p.dueAt) >= nowMs);
  const broken = history.promises.filter((p) => !p.kept && Date.parse(p.dueAt) < nowMs);
  const alreadyTried = [
    ...history.actions.map((a) => ({ at: a.at, what: `${a.what} (${a.result})` })),
    ...contact.priorTurns
      .filter((t) => t.role === 'agent')
      .map((t) => ({ at: t.at, what: t.text.slice(0, 280) })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const keys: Record<string, string> = {};
  for (const [key, value] of Object.entries(contact.identity)) if (value !== undefined) keys[key] = value;
  // Optional fields are added only when set, key by key: a conditional spread in the literal was a
  // noticeable share of buildBrief() (bench/triage-core.ts).
  const customer = { customerId: history.customerId } as Mutable<Brief['customer']>;
  if (contact.displayName) customer.name = contact.displayName;
  customer.keys = keys;
  customer.contactsSoFar = history.earlierContacts.length + 1;
  const latestMessage = {
    contactId: contact.id,
    channel: contact.channel,
    receivedAt: contact.receivedAt,
  } as Mutable<Brief['latestMessage']>;
  if (contact.subject) latestMessage.subject = contact.subject;
  latestMessage.text = contact.text;
  return {
    caseId: input.caseId,
    customer,
    latestMessage,
    scores: { frustration: input.frustration.score, viralRisk: input.viralRisk.score, tier: input.tier },
    whyHeated: whyHeated(input.frustration, input.viralRisk),
    timeline: history.earlierContacts.slice(0, TIMELINE_LIMIT).map((c) => ({
      at: c.receivedAt,
      channel: c.channel,
      tier: c.tier,
      frustration: c.frustration,
      excerpt: c.excerpt,
    })),
    alreadyTried,
    promises: { open, broken },
    owner: input.owner,
    deadline: input.deadline,
    suggestedOpening: suggestOpening({ contact, history, broken, deadline: input.deadline, now }),
  };
}
