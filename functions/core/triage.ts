import type { Contact } from './contact.ts';
import { decide, type TriageDecision } from './decision.ts';
import { RetryableError } from './errors.ts';
import { caseIdFor } from './ids.ts';
import type { CaseStore, RoutingPublisher, SpikeStore, StoredContact } from './ports.ts';
import { decideRefresh, hasNewerEngagement } from './refresh.ts';
import type { TextModel, TextScore } from './scoring/text-model.ts';
import type { TierThresholds } from './scoring/tier.ts';
import type { ViralLists } from './scoring/viral-risk.ts';
import { linkIfOpenedMeanwhile, observeMention } from './spikes/detector.ts';
import type { SpikeSettings } from './spikes/window.ts';

export interface TriageDeps {
  readonly store: CaseStore;
  readonly textModel: TextModel;
  readonly publisher: RoutingPublisher;
  readonly thresholds: TierThresholds;
  readonly clock: () => Date;
  /** Brand-wide spike detection; off when absent. */
  readonly spikes?: SpikeStore;
  readonly spikeSettings?: SpikeSettings;
  /** Press and influencer handles for viral risk; VIRAL_LISTS when absent. */
  readonly viralLists?: ViralLists;
  /**
   * How long a first delivery may still be running (the function timeout). A redelivery that finds
   * the decision stored but not yet routed within this window retries later instead of publishing a
   * second copy of the alert while the first attempt is about to. 0: re-publish at once.
   */
  readonly inFlightMs?: number;
}

export type TriageResult =
  | { readonly status: 'routed'; readonly decision: TriageDecision }
  /** The same social post with newer engagement counts: its stored decision was re-scored, nothing new opened. */
  | { readonly status: 'refreshed'; readonly decision: TriageDecision; readonly previousViralRisk: number }
  | { readonly status: 'duplicate'; readonly contactId: string; readonly republished: boolean };

/**
 * Triage one contact. Safe to run any number of times for the same contact: the decision is stored
 * with a conditional write (new contact, case unchanged since read), and routing is published before
 * the contact is marked routed, so a crash between the two re-publishes the same message (same
 * alertId, which the senior queue de-duplicates) instead of losing it.
 */
export async function triageContact(contact: Contact, deps: TriageDeps): Promise<TriageResult> {
  const seen = await deps.store.getContact(contact.id);
  if (seen) {
    if (hasNewerEngagement(contact, seen)) return refreshMention(contact, seen, deps);
    return finishDuplicate(seen.contactId, seen.routing, seen.routedAt, deps, seen.decidedAt);
  }

  const { decision, saved, spike } = await decideAndSave(contact, deps);
  if (saved === 'duplicate') {
    // Lost a race with a concurrent delivery of the same message: let that one (or its retry) finish.
    const stored = await deps.store.getContact(contact.id);
    return finishDuplicate(contact.id, stored?.routing, stored?.routedAt, deps, stored?.decidedAt);
  }
  const spikeDeps = deps.spikes ? spikeDepsOf(deps, deps.spikes) : undefined;
  if (spike && spikeDeps) await linkIfOpenedMeanwhile(spike, spikeDeps);
  if (decision.routing) await deps.publisher.publish(decision.routing);
  await deps.store.markRouted(contact.id, deps.clock().toISOString());
  return { status: 'routed', decision };
}

/**
 * Decisions made from a case that changed before they were saved (most often: another contact of the
 * same case decided side by side) are made again at once from fresh history, rather than a visibility
 * timeout later; after this many, SQS's redelivery takes over.
 */
const DECIDE_ATTEMPTS = 3;

/** Reads the customer's history, decides, and saves the decision conditional on the case as read. */
async function decideAndSave(contact: Contact, deps: TriageDeps, attempt = 1, scored?: TextScore) {
  const customer = await deps.store.resolveCustomer(contact.identity, contact.id);
  const [history, roster] = await Promise.all([
    deps.store.loadHistory(customer.customerId),
    deps.store.loadRoster(),
  ]);
  const tone = scored ?? (await deps.textModel.scoreBatch([contact.text], contact.language))[0];
  if (!tone) throw new Error('text model returned no score');
  const spikeDeps = deps.spikes ? spikeDepsOf(deps, deps.spikes) : undefined;
  // Counted before deciding, so a spike this mention completes already raises its own case.
  const spike = spikeDeps
    ? await observeMention(
        contact,
        history.openCase?.caseId ?? caseIdFor(contact.id),
        deps.clock(),
        spikeDeps,
      )
    : undefined;
  const decision = decide({
    contact,
    tone,
    languageConfident: contact.languageConfident,
    history,
    roster,
    thresholds: deps.thresholds,
    now: deps.clock(),
    ...(spike?.link ? { incident: spike.link } : {}),
    ...(deps.viralLists ? { viralLists: deps.viralLists } : {}),
  });
  try {
    const saved = await deps.store.saveDecision(decision, customer.newKeys, history.openCase);
    return { decision, saved, spike };
  } catch (error) {
    if (!(error instanceof RetryableError) || attempt >= DECIDE_ATTEMPTS) throw error;
    return decideAndSave(contact, deps, attempt + 1, tone);
  }
}

function spikeDepsOf(deps: TriageDeps, spikes: SpikeStore) {
  return {
    spikes,
    publisher: deps.publisher,
    thresholds: deps.thresholds,
    ...(deps.spikeSettings ? { settings: deps.spikeSettings } : {}),
  };
}

/**
 * The same post again with fresher counts: re-score its viral risk and update its case in place. It
 * opens nothing, adds no timeline entry, and is not counted again for spikes.
 */
async function refreshMention(
  contact: Contact,
  seen: StoredContact,
  deps: TriageDeps,
): Promise<TriageResult> {
  // Finish the first snapshot's routing if a crash interrupted it, before replacing what is stored.
  if (seen.routing && !seen.routedAt) await finishDuplicate(seen.contactId, seen.routing, undefined, deps);
  const stored = await deps.store.getDecision(contact.id);
  if (!stored) return { status: 'duplicate', contactId: contact.id, republished: false };
  const [history, roster] = await Promise.all([
    deps.store.loadHistory(stored.customerId),
    deps.store.loadRoster(),
  ]);
  const refresh = decideRefresh({
    contact,
    stored,
    ...(seen.engagementReadAt ? { previousReadAt: seen.engagementReadAt } : {}),
    history,
    roster,
    thresholds: deps.thresholds,
    now: deps.clock(),
    ...(deps.viralLists ? { viralLists: deps.viralLists } : {}),
  });
  if (!refresh) return { status: 'duplicate', contactId: contact.id, republished: false };
  await deps.store.refreshEngagement(refresh);
  const { decision } = refresh;
  if (decision.routing) await deps.publisher.publish(decision.routing);
  await deps.store.markRouted(contact.id, deps.clock().toISOString());
  return { status: 'refreshed', decision, previousViralRisk: refresh.previousViralRisk };
}

async function finishDuplicate(
  contactId: string,
  routing: Parameters<RoutingPublisher['publish']>[0] | undefined,
  routedAt: string | undefined,
  deps: TriageDeps,
  decidedAt?: string,
): Promise<TriageResult> {
  if (routedAt || !routing) return { status: 'duplicate', contactId, republished: false };
  const age = decidedAt ? deps.clock().getTime() - Date.parse(decidedAt) : Number.POSITIVE_INFINITY;
  if (age < (deps.inFlightMs ?? 0)) {
    throw new RetryableError(
      `contact ${contactId} was decided ${age} ms ago and may still be routing; retry later`,
    );
  }
  await deps.publisher.publish(routing);
  await deps.store.markRouted(contactId, deps.clock().toISOString());
  return { status: 'duplicate', contactId, republished: true };
}
