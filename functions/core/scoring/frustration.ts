import type { Contact } from '../contact.ts';
import type { CustomerHistory } from '../history.ts';
import { FRUSTRATION_CUES, firedCues, measureIntensity } from './cues.ts';
import { type Reason, type Score, toScore } from './reason.ts';
import type { TextScore } from './text-model.ts';
import { tierRank } from './tier.ts';

/** Points per signal. One object so ops can audit and tune; every contribution shows up in `reasons`. */
export const FRUSTRATION_WEIGHTS = {
  /** Tone alone can make a message warm (≥ 30) but never hot: that takes cues or history. */
  toneMax: 45,
  shouting: 6,
  repeatedPunctuation: 4,
  profanity: 8,
  perEarlierContact: 12,
  earlierContactsMax: 36,
  /** Writing a third time about a case that is still open: failed twice, whatever the words. */
  unresolvedAfterRepeats: 15,
  perDayOpen: 1.5,
  daysOpenMax: 12,
  earlierEscalation: 8,
  perBrokenPromise: 14,
  brokenPromisesMax: 28,
  worseningTrend: 6,
  /** English-trained tone is unreliable on other languages: it counts half, and says so. */
  foreignToneFactor: 0.5,
} as const;

/** Only contacts this recent count as "repeat": a customer who wrote last year is not repeating. */
const REPEAT_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

export function scoreFrustration(
  contact: Contact,
  tone: TextScore,
  history: CustomerHistory,
  now: Date,
  languageConfident: boolean,
): Score {
  const w = FRUSTRATION_WEIGHTS;
  const reasons: Reason[] = [];
  const english = contact.language === 'en';
  const toneWeight = w.toneMax * tone.negative * (english ? 1 : w.foreignToneFactor);
  reasons.push({
    signal: 'tone',
    weight: toneWeight,
    detail: `${tone.model} text model reads the message as ${Math.round(tone.negative * 100)}% likely negative${tone.note ? ` (${tone.note})` : ''}`,
  });
  if (!english) {
    reasons.push({
      signal: 'non_english_text',
      weight: 0,
      detail: `message detected as '${contact.language}'${languageConfident ? '' : ' (low confidence)'}: English-trained tone counted at half weight; route to a speaker of the language`,
    });
  }
  for (const cue of firedCues(contact.text, FRUSTRATION_CUES)) {
    reasons.push({ signal: cue.signal, weight: cue.weight, detail: `customer ${cue.detail}` });
  }
  const intensity = measureIntensity(contact.text);
  if (intensity.shouting)
    reasons.push({ signal: 'shouting', weight: w.shouting, detail: 'mostly capital letters' });
  if (intensity.repeatedPunctuation) {
    reasons.push({
      signal: 'repeated_punctuation',
      weight: w.repeatedPunctuation,
      detail: 'repeated !!! or ???',
    });
  }
  if (intensity.profanity)
    reasons.push({ signal: 'profanity', weight: w.profanity, detail: 'strong language' });
  reasons.push(...historyReasons(history, now));
  return toScore(reasons);
}

function historyReasons(history: CustomerHistory, now: Date): Reason[] {
  const w = FRUSTRATION_WEIGHTS;
  const reasons: Reason[] = [];
  const since = now.getTime() - REPEAT_WINDOW_DAYS * DAY_MS;
  const recent = history.earlierContacts.filter((c) => Date.parse(c.receivedAt) >= since);
  if (recent.length > 0) {
    reasons.push({
      signal: 'repeat_contact_history',
      weight: Math.min(w.earlierContactsMax, recent.length * w.perEarlierContact),
      detail: `${recent.length} earlier contact${recent.length === 1 ? '' : 's'} in the last ${REPEAT_WINDOW_DAYS} days`,
    });
  }
  if (history.openCase && history.openCase.contactCount >= 2) {
    reasons.push({
      signal: 'unresolved_after_repeats',
      weight: w.unresolvedAfterRepeats,
      detail: `case still open after ${history.openCase.contactCount} earlier contacts`,
    });
  }
  if (history.openCase) {
    const days = Math.max(0, (now.getTime() - Date.parse(history.openCase.openedAt)) / DAY_MS);
    if (days >= 1) {
      reasons.push({
        signal: 'days_open',
        weight: Math.min(w.daysOpenMax, days * w.perDayOpen),
        detail: `case open for ${Math.floor(days)} day${Math.floor(days) === 1 ? '' : 's'}`,
      });
    }
  }
  const escalations = recent.filter((c) => tierRank(c.tier) >= tierRank('hot')).length;
  if (escalations > 0) {
    reasons.push({
      signal: 'earlier_escalation',
      weight: w.earlierEscalation,
      detail: `${escalations} earlier contact${escalations === 1 ? ' was' : 's were'} already hot or critical`,
    });
  }
  const broken = history.promises.filter((p) => !p.kept && Date.parse(p.dueAt) < now.getTime());
  if (broken.length > 0) {
    reasons.push({
      signal: 'promise_past_due',
      weight: Math.min(w.brokenPromisesMax, broken.length * w.perBrokenPromise),
      detail: `${broken.length} promise${broken.length === 1 ? '' : 's'} to the customer past due: ${broken.map((p) => `"${p.text}"`).join(', ')}`,
    });
  }
  const [latest, previous] = recent;
  if (latest && previous && latest.frustration > previous.frustration + 5) {
    reasons.push({
      signal: 'worsening_trend',
      weight: w.worseningTrend,
      detail: `frustration rising across contacts (${previous.frustration} → ${latest.frustration})`,
    });
  }
  return reasons;
}
