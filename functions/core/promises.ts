import { hash } from 'node:crypto';

/**
 * Commitments made to a customer, found in text: an agent's "I'll call you back by 5pm", or the
 * customer's own report "the pharmacist said it would be ready in two days". Each gets a due time
 * from the words around it; a promise with no time in it is due within a day, the least a customer
 * would expect. Patterns are fixed and linear; text is read up to a bound.
 */
export interface FoundPromise {
  readonly promiseId: string;
  readonly text: string;
  readonly madeAt: string;
  readonly dueAt: string;
  readonly source: 'agent' | 'customer_report' | 'staff';
}

const MAX_TEXT = 5_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const AGENT_PROMISE =
  /\b(i|we)('ll| will| shall|'re going to| are going to| have asked| 've asked| have arranged)\b.*\b(call|ring|phone|email|get back|come back|send|refund|credit|fix|deliver|ship|replace|update|arrange|visit|book)\b|\b(will|should) (be )?(call(ing)? you|ready|delivered|refunded|credited|fixed|back|arrive|sent)\b/i;
const REPORTED_PROMISE =
  /\b(you|they|he|she|someone|the \w+|your \w+)( had)? (said|promised|told me|assured me)\b.*\b(would|will|'d|by|within|today|tomorrow)\b/i;

const TIME_PHRASE =
  /\b(today|tomorrow|tonight|(within|in) (\d+|a|an|one|two|three|four|five|six|seven|ten) (hour|day|week)s?|(by|at|before) \d{1,2}(:\d{2})? ?(am|pm)|end of (the )?(day|week)|this week|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i;

const SENTENCE_BREAK = /(?<=[.!?])\s+|\n+/;

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  ten: 10,
};

export function findPromises(text: string, madeAt: string, source: FoundPromise['source']): FoundPromise[] {
  const pattern = source === 'customer_report' ? REPORTED_PROMISE : AGENT_PROMISE;
  const bounded = text.slice(0, MAX_TEXT);
  // Sentences are split at whitespace, so a sentence's word boundaries are the text's own: a pattern
  // that matches no sentence-sized piece of the text cannot match a sentence. Most texts stop here.
  if (!pattern.test(bounded)) return [];
  const out: FoundPromise[] = [];
  for (const raw of bounded.split(SENTENCE_BREAK)) {
    const sentence = raw.trim();
    if (sentence.length < 8 || !pattern.test(sentence)) continue;
    // "You promised it would be ready" with no time is a complaint about a promise, not a new one.
    if (source === 'customer_report' && !TIME_PHRASE.test(sentence)) continue;
    const quoted = sentence.length > 160 ? `${sentence.slice(0, 159)}…` : sentence;
    out.push({
      promiseId: `p_${hash('sha256', `${madeAt}\u0000${quoted}`, 'hex').slice(0, 24)}`,
      text: quoted,
      madeAt,
      dueAt: dueFrom(sentence, new Date(madeAt)).toISOString(),
      source,
    });
  }
  return out;
}

/** The due time a sentence implies, relative to when it was said. */
export function dueFrom(sentence: string, made: Date): Date {
  const s = sentence.toLowerCase();
  const endOfDay = (d: Date) =>
    new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 23, 59));
  const within = /\b(within|in) (\d+|a|an|one|two|three|four|five|six|seven|ten) (hour|day|week)s?\b/.exec(s);
  if (within?.[2] && within[3]) {
    const n = Number(within[2]) || (NUMBER_WORDS[within[2]] ?? 1);
    const unit = within[3] === 'hour' ? HOUR : within[3] === 'day' ? DAY : 7 * DAY;
    return new Date(made.getTime() + n * unit);
  }
  const clock = /\b(?:by|at|before) (\d{1,2})(?::(\d{2}))? ?(am|pm)\b/.exec(s);
  if (clock?.[1] && clock[3]) {
    const hour = (Number(clock[1]) % 12) + (clock[3] === 'pm' ? 12 : 0);
    const at = new Date(
      Date.UTC(made.getUTCFullYear(), made.getUTCMonth(), made.getUTCDate(), hour, Number(clock[2] ?? 0)),
    );
    return at.getTime() > made.getTime() ? at : new Date(at.getTime() + DAY);
  }
  if (/\btomorrow\b/.test(s)) return endOfDay(new Date(made.getTime() + DAY));
  if (/\b(today|end of (the )?day|this (afternoon|evening))\b/.test(s)) return endOfDay(made);
  const weekday = WEEKDAYS.findIndex((d) => s.includes(d));
  if (weekday >= 0) {
    const ahead = (weekday - made.getUTCDay() + 7) % 7 || 7;
    return endOfDay(new Date(made.getTime() + ahead * DAY));
  }
  if (/\b(this|end of the) week\b/.test(s)) {
    const ahead = (5 - made.getUTCDay() + 7) % 7;
    return endOfDay(new Date(made.getTime() + ahead * DAY));
  }
  return new Date(made.getTime() + DAY);
}
