import { customerLabel } from './customer-label.ts';
import type { StoredCase, StoredOutcome, StoredPromise } from './ports.ts';
import { briefOf } from './unreadable-brief.ts';
import type { CaseDetail, OutcomeView, PromiseView, TimelineEntryView, TriedView } from './views.ts';

export interface CaseDetailInput {
  readonly stored: StoredCase;
  /** Oldest first or in any order; sorted here. */
  readonly outcomes: readonly StoredOutcome[];
  /** The case's promises as stored now: staff add some after the brief was written. */
  readonly promises: readonly StoredPromise[];
  readonly now: Date;
}

/**
 * The full brief plus what happened since it was written: the brief is a snapshot taken at the last
 * triage, while outcomes, actions and staff promises are recorded afterwards and read fresh.
 */
export function toCaseDetail({ stored: c, outcomes, promises, now }: CaseDetailInput): CaseDetail {
  const brief = briefOf(c);
  const nowMs = now.getTime();
  const sortedOutcomes = outcomes.toSorted((a, b) => a.recordedAt.localeCompare(b.recordedAt));
  const unkept = promises
    .filter((p) => !p.kept)
    .toSorted((a, b) => a.dueAt.localeCompare(b.dueAt))
    .map(promiseView);
  const latest = brief.latestMessage;
  const timeline: TimelineEntryView[] = [
    {
      at: latest.receivedAt,
      channel: latest.channel,
      tier: brief.scores.tier,
      frustration: brief.scores.frustration,
      excerpt: excerpt(latest.text),
      latest: true,
    },
    ...brief.timeline.map((t) => ({ ...t, latest: false })),
  ];
  return {
    caseId: c.caseId,
    customer: customerLabel({
      customerId: c.customerId,
      name: brief.customer.name,
      keys: brief.customer.keys,
    }),
    contactsSoFar: brief.customer.contactsSoFar,
    status: c.status,
    closedAt: c.closedAt ?? null,
    closedAs: c.closedAs ?? null,
    tier: c.tier,
    frustration: c.frustration,
    viralRisk: c.viralRisk,
    latestMessage: {
      contactId: latest.contactId,
      channel: latest.channel,
      receivedAt: latest.receivedAt,
      ...(latest.subject ? { subject: latest.subject } : {}),
      text: latest.text,
    },
    whyHeated: brief.whyHeated.toSorted((a, b) => b.weight - a.weight),
    timeline,
    alreadyTried: alreadyTried(brief.alreadyTried, sortedOutcomes),
    promises: {
      open: unkept.filter((p) => Date.parse(p.dueAt) >= nowMs),
      broken: unkept.filter((p) => Date.parse(p.dueAt) < nowMs),
    },
    owner: c.owner,
    deadline: c.deadline,
    secondsLeft: Math.round((Date.parse(c.deadline) - nowMs) / 1000),
    acknowledged: Boolean(c.acknowledgedAt),
    acknowledgedAt: c.acknowledgedAt ?? null,
    escalationLevel: c.escalationLevel,
    suggestedOpening: brief.suggestedOpening,
    outcomes: sortedOutcomes.map(outcomeView),
    incidentId: c.incidentId ?? null,
    wentPublic: c.wentPublic ?? false,
    openedAt: c.openedAt,
    updatedAt: c.updatedAt,
    contactCount: c.contactCount,
    generatedAt: now.toISOString(),
  };
}

const EXCERPT_LIMIT = 200;

export function excerpt(text: string, limit = EXCERPT_LIMIT): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

/**
 * Actions recorded as outcomes (with their result and who recorded them), and what agents said in the
 * conversation as the brief lists it. The brief also lists the outcome actions it knew of, as
 * "what (result)"; those are dropped in favour of the structured entries.
 */
function alreadyTried(
  fromBrief: readonly { at: string; what: string }[],
  outcomes: readonly StoredOutcome[],
): TriedView[] {
  const recorded: TriedView[] = outcomes.flatMap((o) =>
    o.actions.map((a) => ({ at: o.recordedAt, what: a.what, result: a.result, by: o.by })),
  );
  const known = new Set(recorded.map((r) => `${r.at}\u0000${r.what} (${r.result})`));
  const said = fromBrief.filter((t) => !known.has(`${t.at}\u0000${t.what}`));
  return [...said, ...recorded].toSorted((a, b) => a.at.localeCompare(b.at));
}

function promiseView(p: StoredPromise): PromiseView {
  return { promiseId: p.promiseId, text: p.text, madeAt: p.madeAt, dueAt: p.dueAt, source: p.source };
}

function outcomeView(o: StoredOutcome): OutcomeView {
  return {
    outcomeId: o.outcomeId,
    kind: o.kind,
    recordedAt: o.recordedAt,
    by: o.by,
    actions: o.actions.map(({ what, result }) => ({ what, result })),
    ...(o.csat !== undefined ? { csat: o.csat } : {}),
    ...(o.note !== undefined ? { note: o.note } : {}),
    ...(o.owner !== undefined ? { owner: o.owner } : {}),
  };
}
