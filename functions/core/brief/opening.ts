import type { Contact } from '../contact.ts';
import type { CustomerHistory, PromiseMade } from '../history.ts';
import { cueFires } from '../scoring/cues.ts';
import { topicOf } from '../topics.ts';

interface OpeningFacts {
  readonly contact: Contact;
  readonly history: CustomerHistory;
  readonly broken: readonly PromiseMade[];
  readonly deadline: string;
  readonly now: Date;
}

const DAY_MS = 86_400_000;

/**
 * Acknowledge, apologise, own, propose the next step — in that order, from this case's facts
 * (how many times they wrote, how long it has been, what was promised), never a generic line.
 */
export function suggestOpening(f: OpeningFacts): string {
  const name = f.contact.displayName?.split(/\s+/)[0];
  const greeting = name ? `${name}, ` : '';
  const topic = topicOf(`${f.contact.subject ?? ''} ${f.contact.text}`);
  const about = topic ? ` about the ${topic.label}` : '';
  const times = f.history.earlierContacts.length + 1;
  const first = f.history.earlierContacts.at(-1);
  const days = first ? Math.floor((f.now.getTime() - Date.parse(first.receivedAt)) / DAY_MS) : 0;

  const acknowledge =
    times > 1
      ? `you have now contacted us ${times} times${about}${days >= 1 ? ` over ${days} day${days === 1 ? '' : 's'}` : ''}, and it is still not sorted.`
      : `I have read your message${about}, and I can see why you are upset.`;

  const [promise] = f.broken;
  const promisedInText = cueFires(f.contact.text, 'broken_promise');
  const apologise = promise
    ? `I am sorry we did not keep our word ("${promise.text.replace(/[.!]+$/, '')}", due ${formatWhen(promise.dueAt)}).`
    : promisedInText
      ? 'I am sorry we did not do what we told you we would.'
      : 'I am sorry you have had to chase us for this.';

  const own = 'That is our failure, not yours, and I am now personally responsible for your case.';
  const step = topic?.nextStep ?? 'I am looking into it myself right now';
  const propose = `${step}, and I will come back to you with a concrete answer by ${formatWhen(f.deadline)}.`;
  const opening = greeting
    ? `${greeting}${acknowledge}`
    : acknowledge.charAt(0).toUpperCase() + acknowledge.slice(1);
  return `${opening} ${apologise} ${own} ${propose}`;
}

function formatWhen(iso: string): string {
  const d = new Date(iso);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
