import type { Brief } from '../functions/core/brief/brief.ts';
import { ADAPTERS } from '../functions/core/channels/index.ts';
import type { Channel, Contact } from '../functions/core/contact.ts';
import { decide } from '../functions/core/decision.ts';
import { emptyHistory } from '../functions/core/history.ts';
import { identityKeys } from '../functions/core/identity-keys.ts';
import { customerIdFor } from '../functions/core/ids.ts';
import type { Reason } from '../functions/core/scoring/reason.ts';
import type { TextModel } from '../functions/core/scoring/text-model.ts';
import { DEFAULT_THRESHOLDS, type Tier } from '../functions/core/scoring/tier.ts';

export type ExplainChannel = Channel | 'text';

export interface Explanation {
  readonly contact: Contact;
  readonly frustration: { readonly score: number; readonly reasons: readonly Reason[] };
  readonly viralRisk: { readonly score: number; readonly reasons: readonly Reason[] };
  readonly tier: Tier;
  readonly tierBecause: string;
  readonly brief: Brief;
}

/** Plain text is scored as a single chat turn from an anonymous customer. */
export function textAsChat(text: string, at: string): string {
  return JSON.stringify({
    conversationId: 'explain',
    customer: { handle: 'explain' },
    turns: [{ role: 'customer', at, text }],
  });
}

/** Scores one message offline, with no history and no servers: what triage would decide for a first contact. */
export async function explain(
  channel: ExplainChannel,
  input: string,
  textModel: TextModel,
  now: Date,
): Promise<Explanation> {
  const at = now.toISOString();
  const adapter = ADAPTERS[channel === 'text' ? 'chat' : channel];
  const contact = await adapter.toContact(channel === 'text' ? textAsChat(input, at) : input, {
    receivedAt: at,
  });
  const [tone] = await textModel.scoreBatch([contact.text], contact.language);
  if (!tone) throw new Error('text model returned no score');
  const firstKey = identityKeys(contact.identity)[0] ?? contact.id;
  const d = decide({
    contact,
    tone,
    languageConfident: contact.languageConfident,
    history: emptyHistory(customerIdFor(firstKey)),
    roster: [],
    thresholds: DEFAULT_THRESHOLDS,
    now,
  });
  return {
    contact,
    frustration: d.frustration,
    viralRisk: d.viralRisk,
    tier: d.caseTier,
    tierBecause: d.tierBecause,
    brief: d.brief,
  };
}
