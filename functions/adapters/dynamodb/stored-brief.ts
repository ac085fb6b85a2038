import * as z from 'zod';
import { type Brief, whyHeated } from '../../core/brief/brief.ts';
import { renderBrief } from '../../core/brief/render.ts';
import type { RoutingMessage } from '../../core/routing/messages.ts';
import type { Score } from '../../core/scoring/reason.ts';
import { type StoredBrief, storedBriefSchema } from './items.ts';

/**
 * A case's brief is rewritten with every contact of the case, inside a transaction: 2 write units per KB.
 * So it is stored without what other items already hold — the latest message's text (its contact item)
 * and the reasons it was heated (that contact's decision item) — and without its rendering, which is
 * pure and cheap (renderBrief). The reader puts it back together (case-reader.ts).
 */
export function briefForCase(b: Brief): string {
  const { text: _text, ...latestMessage } = b.latestMessage;
  const { whyHeated: _why, ...rest } = b;
  return JSON.stringify({ ...rest, latestMessage });
}

const contactText = z.object({ text: z.string() });

/** The message's text from a contact item's Contact JSON (`contact`), its one stored copy. */
export function textOf(contactJson: string | undefined): string | undefined {
  return contactJson === undefined ? undefined : contactText.parse(JSON.parse(contactJson)).text;
}

export function parseStoredBrief(json: string): StoredBrief {
  return storedBriefSchema.parse(JSON.parse(json));
}

/**
 * The stored brief made whole. `text` is its contact's and `decision` that contact's scores as stored now;
 * briefs stored before this change kept their own text and reasons, which win.
 */
export function wholeBrief(
  stored: StoredBrief,
  text: string | undefined,
  decision: { frustration: Score; viralRisk: Score } | undefined,
): Brief {
  return {
    ...stored,
    latestMessage: { ...stored.latestMessage, text: stored.latestMessage.text ?? text ?? '' },
    whyHeated: stored.whyHeated ?? (decision ? whyHeated(decision.frustration, decision.viralRisk) : []),
  };
}

/**
 * Routing kept on the contact item until it is marked routed, so a redelivery re-publishes the same
 * message. An alert carries the brief twice over (JSON and rendered): it is stored without the text
 * (on the same item) and without the rendering, when rendering gives back exactly what was published.
 * The reasons stay: they must be the published ones even if the decision changes meanwhile.
 */
export function routingForItem(r: RoutingMessage): string {
  if (r.kind !== 'alert' || r.briefText !== renderBrief(r.brief)) return JSON.stringify(r);
  const { briefText: _rendered, brief, ...rest } = r;
  const { text: _text, ...latestMessage } = brief.latestMessage;
  return JSON.stringify({ ...rest, brief: { ...brief, latestMessage } });
}

/** The routing message as published, from routingForItem's JSON and the contact's text. */
export function routingFromItem(json: string, text: string | undefined): RoutingMessage {
  const stored = JSON.parse(json) as RoutingMessage;
  if (stored.kind !== 'alert' || typeof stored.briefText === 'string') return stored;
  const brief = wholeBrief(storedBriefSchema.parse(stored.brief), text, undefined);
  return { ...stored, brief, briefText: renderBrief(brief) };
}
