import type { Contact } from './contact.ts';
import { decide, type TriageDecision } from './decision.ts';
import type { CaseStore, RoutingPublisher } from './ports.ts';
import type { TextModel } from './scoring/text-model.ts';
import type { TierThresholds } from './scoring/tier.ts';

export interface TriageDeps {
  readonly store: CaseStore;
  readonly textModel: TextModel;
  readonly publisher: RoutingPublisher;
  readonly thresholds: TierThresholds;
  readonly clock: () => Date;
}

export type TriageResult =
  | { readonly status: 'routed'; readonly decision: TriageDecision }
  | { readonly status: 'duplicate'; readonly contactId: string; readonly republished: boolean };

/**
 * Triage one contact. Safe to run any number of times for the same contact: the decision is stored
 * with a conditional write, and routing is published before the contact is marked routed, so a
 * crash between the two re-publishes the same message (same alertId) instead of losing it.
 */
export async function triageContact(contact: Contact, deps: TriageDeps): Promise<TriageResult> {
  const seen = await deps.store.getContact(contact.id);
  if (seen) return finishDuplicate(seen.contactId, seen.routing, seen.routedAt, deps);

  const customer = await deps.store.resolveCustomer(contact.identity, contact.id);
  const [history, roster] = await Promise.all([
    deps.store.loadHistory(customer.customerId),
    deps.store.loadRoster(),
  ]);
  const [tone] = await deps.textModel.scoreBatch([contact.text], contact.language);
  if (!tone) throw new Error('text model returned no score');
  const decision = decide({
    contact,
    tone,
    languageConfident: contact.languageConfident,
    history,
    roster,
    thresholds: deps.thresholds,
    now: deps.clock(),
  });
  const saved = await deps.store.saveDecision(decision, customer.newKeys);
  if (saved === 'duplicate') {
    // Lost a race with a concurrent delivery of the same message: let that one (or its retry) finish.
    const stored = await deps.store.getContact(contact.id);
    return finishDuplicate(contact.id, stored?.routing, stored?.routedAt, deps);
  }
  if (decision.routing) await deps.publisher.publish(decision.routing);
  await deps.store.markRouted(contact.id, deps.clock().toISOString());
  return { status: 'routed', decision };
}

async function finishDuplicate(
  contactId: string,
  routing: Parameters<RoutingPublisher['publish']>[0] | undefined,
  routedAt: string | undefined,
  deps: TriageDeps,
): Promise<TriageResult> {
  if (routedAt || !routing) return { status: 'duplicate', contactId, republished: false };
  await deps.publisher.publish(routing);
  await deps.store.markRouted(contactId, deps.clock().toISOString());
  return { status: 'duplicate', contactId, republished: true };
}
