import type { Tier } from '../../../functions/core/inbox/views.ts';

/** A shape as well as a colour, and the word itself: the tier never depends on seeing colour. */
const SHAPE: Record<Tier, string> = { critical: '▲▲', hot: '▲', warm: '◆', calm: '○' };

export function TierBadge({ tier }: { tier: Tier }) {
  return (
    <span className={`tier tier-${tier}`}>
      <span aria-hidden="true">{SHAPE[tier]}</span> {tier}
    </span>
  );
}
