import type { Channel } from '../contact.ts';
import type { StaffLoad } from './roster.ts';

export interface AssignmentNeed {
  readonly channel: Channel;
  readonly language: string;
  readonly topic?: string;
  /** Who owned this customer's last case: continuity first, so nobody has to retell the story. */
  readonly previousOwner?: string;
}

export interface Assignment {
  readonly owner: StaffLoad;
  readonly because: string;
}

const available = (s: StaffLoad) => s.onShift && s.openCases < s.capacity;

/**
 * Continuity first (the customer's earlier owner, if on shift with room), then skills (language
 * weighs most: a reply the customer cannot read helps nobody; then channel, then topic), then the
 * fewest open cases, then whoever was assigned longest ago, then id — so ties rotate fairly.
 */
export function chooseOwner(roster: readonly StaffLoad[], need: AssignmentNeed): Assignment | undefined {
  const previous = roster.find((s) => s.id === need.previousOwner);
  if (previous && available(previous)) return { owner: previous, because: 'owned this customer before' };
  const skill = (s: StaffLoad) =>
    (s.languages.includes(need.language) ? 4 : 0) +
    (s.channels.includes(need.channel) ? 2 : 0) +
    (need.topic && s.topics.includes(need.topic) ? 1 : 0);
  const ranked = roster
    .filter(available)
    .sort(
      (a, b) =>
        skill(b) - skill(a) ||
        a.openCases - b.openCases ||
        (a.lastAssignedAt ?? '').localeCompare(b.lastAssignedAt ?? '') ||
        a.id.localeCompare(b.id),
    );
  const best = ranked[0];
  if (!best) return undefined;
  const matched = [
    best.languages.includes(need.language) ? `speaks ${need.language}` : undefined,
    best.channels.includes(need.channel) ? `works ${need.channel}` : undefined,
    need.topic && best.topics.includes(need.topic) ? `knows ${need.topic}` : undefined,
  ].filter(Boolean);
  return {
    owner: best,
    because: `${matched.length > 0 ? matched.join(', ') : 'no skill match'}; ${best.openCases} open case${best.openCases === 1 ? '' : 's'}`,
  };
}
