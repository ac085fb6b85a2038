/**
 * What a message is about, from a small fixed keyword list. Used to word the brief's next step and,
 * later, to count mentions per topic for spike detection. First match wins, most specific first.
 */
export interface Topic {
  readonly name: string;
  /** Noun phrase for the brief: "the {label}". */
  readonly label: string;
  readonly pattern: RegExp;
  readonly nextStep: string;
}

export const TOPICS: readonly Topic[] = [
  {
    name: 'prescription',
    label: 'prescription',
    pattern: /\b(prescriptions?|pharmacy|medication|refill)\b/i,
    nextStep: 'I am calling the pharmacy team myself to get your prescription ready',
  },
  {
    name: 'billing',
    label: 'charge on your account',
    pattern: /\b(refunds?|credit(ed)?|charged?|overcharged|billing|bill|invoice|payment|wrong account)\b/i,
    nextStep: 'I am correcting the charge on your account myself',
  },
  {
    name: 'delivery',
    label: 'delivery',
    pattern: /\b(deliver(y|ed)?|parcel|package|shipping|courier|order)\b/i,
    nextStep: 'I am tracing your order with the courier directly',
  },
  {
    name: 'callback',
    label: 'call back',
    pattern: /\b(voicemail|call ?back|callback|phone call|rang)\b/i,
    nextStep: 'I will phone you myself',
  },
  {
    name: 'app',
    label: 'app problem',
    pattern: /\b(app|crash(es|ing)?|log ?in|password|website|site|bug|error)\b/i,
    nextStep: 'I have asked our engineers to look at your account specifically',
  },
];

export function topicOf(text: string): Topic | undefined {
  const bounded = text.slice(0, 20_000);
  return TOPICS.find((t) => t.pattern.test(bounded));
}
