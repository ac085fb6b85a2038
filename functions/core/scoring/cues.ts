/**
 * Phrases customers use once they have been failed. Each cue has a stable signal name, the points it
 * adds to frustration, and a sentence for the brief. Patterns are fixed literals (never built from
 * input) with no nested quantifiers, so matching stays linear on hostile text.
 */
export interface Cue {
  readonly signal: string;
  readonly weight: number;
  readonly detail: string;
  readonly pattern: RegExp;
}

/** Shared with viral risk: a threat to go public matters for both scores. */
export const PUBLIC_THREAT =
  /\b(go(ing)? (to the )?(public|press|media|newspapers?)|the (press|newspapers?|media|news)|journalists?|(post|share|tweet|put) (this|it) (everywhere|online|on (twitter|x|facebook|instagram|tiktok|reddit|social media))|i'?ll post this|everyone (will|should) know|(bad|1.star|one.star|terrible) reviews?|leave a review|trustpilot|go viral)\b/i;

export const FRUSTRATION_CUES: readonly Cue[] = [
  {
    signal: 'repeat_contact',
    weight: 14,
    detail: 'says they have had to get in touch more than once',
    pattern:
      /\b(second|third|fourth|fifth|2nd|3rd|4th|5th|several|multiple|many|umpteenth|\d+) (time|visit|call|email|attempt)s?\b|\b(again|still|yet again|once more|keep (having|getting|asking|calling))\b/i,
  },
  {
    signal: 'broken_promise',
    weight: 18,
    detail: 'says a promise to them was not kept',
    pattern:
      /\b(you|they|he|she|someone|your (agent|colleague|team)) (said|promised|told me|assured)\b|\b(nobody|no one|no-one|never) (called|rang|got back|came back|returned|replied|responded)\b|\bnever (heard|got) back\b|\b(still )?(waiting|no) (for )?(a |the |your )?(call ?back|callback|reply|response)\b|\bas promised\b/i,
  },
  {
    signal: 'waiting',
    weight: 8,
    detail: 'has been waiting a long time',
    pattern:
      /\b(\d+|two|three|four|five|six|several|few|many) (more )?(hours|days|weeks|months)\b|\bsince (monday|tuesday|wednesday|thursday|friday|saturday|sunday|last week|last month|yesterday)\b|\b(24|48|72) ?h(ou)?rs?\b/i,
  },
  {
    signal: 'recurring_problem',
    weight: 8,
    detail: 'describes a problem that keeps coming back',
    pattern:
      /\b(keeps?|kept) (on )?(crash|fail|break|freez|drop|cutt|disconnect|happen|log+ing me out|charg|los)\w*|\b(again and again|over and over|every single time|constantly (crash|fail|break)\w*)\b/i,
  },
  {
    signal: 'passed_around',
    weight: 10,
    detail: 'has been passed between people',
    pattern:
      /\b(transferred|passed (around|from|between)|bounced (around|between)|(nobody|no one) (knows|seems to know)|someone else|another department|different (person|agent|department))\b/i,
  },
  {
    signal: 'churn_threat',
    weight: 16,
    detail: 'threatens to cancel or leave',
    pattern:
      /\b(cancel(l?ing|l?ed)?|close my account|switch(ing)? to|take my business|leaving (you|for)|move to (a )?competitor|never (use|buy|order) (from )?(you|this))\b/i,
  },
  {
    signal: 'legal_threat',
    weight: 16,
    detail: 'mentions lawyers, regulators or an ombudsman',
    pattern:
      /\b(lawyer|solicitor|attorney|legal action|sue|court|ombudsman|regulator|trading standards|small claims|better business bureau|bbb|ftc|fca|ofcom|ofgem|chargeback)\b/i,
  },
  {
    signal: 'public_threat',
    weight: 8,
    detail: 'threatens to go public',
    pattern: PUBLIC_THREAT,
  },
];

export const SENSITIVE_TOPIC =
  /\b(unsafe|danger(ous)?|injur(ed|y)|hospital|fire|explod(ed|ing)|poison(ed|ing)?|allergic|medication|prescription|overdose|discriminat(ed|ion|ory)|racis[mt]|sexis[mt]|harass(ed|ment)|data (breach|leak)|hacked|privacy|identity theft|stolen (data|card|identity)|child(ren)?)\b/i;

const PROFANITY =
  /\b(f+u+c+k+\w*|shit\w*|crap|bullshit|damn|wtf|bloody|bastards?|idiots?|useless|pathetic|disgrace(ful)?|joke)\b/i;

const REPEATED_PUNCTUATION = /[!?]{3,}|(\?!|!\?){2,}/;

/** Cue matching reads at most this much text: enough for any real message, bounded for hostile ones. */
const MAX_CUE_TEXT = 20_000;

/**
 * The last text FRUSTRATION_CUES were run on, and what fired: one decision asks about the same text
 * from frustration, viral risk and the brief's opening, and each cue is a scan of the whole text.
 */
let lastScan: { readonly text: string; readonly fired: readonly Cue[] } | undefined;

function firedFrustrationCues(bounded: string): readonly Cue[] {
  if (lastScan?.text !== bounded) {
    lastScan = { text: bounded, fired: FRUSTRATION_CUES.filter((cue) => cue.pattern.test(bounded)) };
  }
  return lastScan.fired;
}

export function firedCues(text: string, cues: readonly Cue[] = FRUSTRATION_CUES): Cue[] {
  const bounded = text.slice(0, MAX_CUE_TEXT);
  if (cues === FRUSTRATION_CUES) return [...firedFrustrationCues(bounded)];
  return cues.filter((cue) => cue.pattern.test(bounded));
}

/** Whether the FRUSTRATION_CUES cue with this signal fires on the text (its first MAX_CUE_TEXT characters). */
export function cueFires(text: string, signal: string): boolean {
  return firedFrustrationCues(text.slice(0, MAX_CUE_TEXT)).some((cue) => cue.signal === signal);
}

export interface Intensity {
  readonly shouting: boolean;
  readonly repeatedPunctuation: boolean;
  readonly profanity: boolean;
}

export function measureIntensity(text: string): Intensity {
  const bounded = text.slice(0, MAX_CUE_TEXT);
  let upper = 0;
  let letters = 0;
  // Code units, not code points: only ASCII letters count, and no surrogate is one.
  for (let i = 0; i < bounded.length; i++) {
    const c = bounded.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) {
      upper++;
      letters++;
    } else if (c >= 0x61 && c <= 0x7a) letters++;
  }
  return {
    // 12 letters minimum: "OK" or "ASAP" alone is not shouting.
    shouting: letters >= 12 && upper / letters > 0.5,
    repeatedPunctuation: REPEATED_PUNCTUATION.test(bounded),
    profanity: PROFANITY.test(bounded),
  };
}
