import type { Tier } from '../scoring/tier.ts';
import { type AlertNotice, signedWeight } from './notice.ts';
import { noticeSubject } from './notice-text.ts';

/**
 * A Slack incoming-webhook message (also accepted by Mattermost and Rocket.Chat, and by Teams workflows
 * that read `text`): `text` is the notification and screen-reader line, `blocks` the layout.
 * https://api.slack.com/messaging/webhooks · https://api.slack.com/reference/block-kit/blocks
 */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

type Text = { readonly type: 'mrkdwn'; readonly text: string };
export type SlackBlock =
  | { readonly type: 'header'; readonly text: { type: 'plain_text'; text: string; emoji: boolean } }
  | { readonly type: 'section'; readonly text?: Text; readonly fields?: readonly Text[] }
  | { readonly type: 'context'; readonly elements: readonly Text[] };

export interface SlackOptions {
  /** The web inbox's address (INBOX_URL); with it, the message links to the case or incident page. */
  readonly inboxUrl?: string | undefined;
}

/** Block Kit's limit for a header's text. */
const HEADER_MAX = 150;

const EMOJI: Record<Tier, string> = {
  calm: ':large_blue_circle:',
  warm: ':large_yellow_circle:',
  hot: ':fire:',
  critical: ':rotating_light:',
};

export function slackMessage(n: AlertNotice, options: SlackOptions = {}): SlackMessage {
  const link = inboxLink(n, options.inboxUrl);
  const blocks: SlackBlock[] = [header(`${EMOJI[n.tier]} ${headline(n)}`), ...body(n)];
  if (link)
    blocks.push(
      section(`<${link}|${n.kind === 'incident' ? 'Open the incident' : 'Open the case'} in the inbox>`),
    );
  blocks.push({ type: 'context', elements: [mrkdwn(`Flashpoint · alert \`${mrkdwnEscape(n.alertId)}\``)] });
  return { text: noticeSubject(n).replace(/^Flashpoint: /, 'Flashpoint — '), blocks };
}

function headline(n: AlertNotice): string {
  switch (n.kind) {
    case 'alert':
      return `${capital(n.tier)} case ${n.caseId}`;
    case 'escalation':
      return `Case ${n.caseId} escalated to ${n.tier} (level ${n.level})`;
    case 'incident':
      return `Incident: spike about ${n.topic}`;
  }
}

function body(n: AlertNotice): SlackBlock[] {
  switch (n.kind) {
    case 'alert': {
      const why = n.reasons
        .map((r) => `• \`${mrkdwnEscape(r.signal)}\` ${signedWeight(r.weight)}`)
        .join('\n');
      return [
        fields([
          ['Frustration', String(n.frustration)],
          ['Viral risk', String(n.viralRisk)],
          ['Owner', mrkdwnEscape(n.owner ?? 'unassigned')],
          ['Reply by', slackDate(n.deadline)],
        ]),
        ...(why ? [section(`*Why it is heated*\n${why}`)] : []),
      ];
    }
    case 'escalation':
      return [
        fields([
          ['Owner', mrkdwnEscape(n.owner ?? 'unassigned')],
          ['New deadline', slackDate(n.deadline)],
        ]),
        section(`*Why*\n${mrkdwnEscape(n.because)}`),
      ];
    case 'incident':
      return [
        fields([
          ['Mentions', String(n.mentions)],
          ['Baseline expects', String(n.expected)],
          ['Window', `${slackDate(n.windowStart)} – ${slackDate(n.windowEnd)}`],
          ['Incident', `\`${mrkdwnEscape(n.incidentId)}\``],
        ]),
        section(
          'Every case in the spike is linked to the incident and at least hot; one alert covers them all.',
        ),
      ];
  }
}

/** The inbox routes by URL hash (web/src/router.ts): `<inbox>/#/cases/<id>`, `<inbox>/#/incidents/<id>`. */
export function inboxLink(n: AlertNotice, inboxUrl: string | undefined): string | undefined {
  if (!inboxUrl) return undefined;
  const url = new URL(inboxUrl);
  url.hash =
    n.kind === 'incident'
      ? `/incidents/${encodeURIComponent(n.incidentId)}`
      : `/cases/${encodeURIComponent(n.caseId)}`;
  // `|` and `>` end a Slack link; an address never needs them unencoded.
  return url.toString().replaceAll('|', '%7C').replaceAll('>', '%3E');
}

function header(text: string): SlackBlock {
  return { type: 'header', text: { type: 'plain_text', text: text.slice(0, HEADER_MAX), emoji: true } };
}

function section(text: string): SlackBlock {
  return { type: 'section', text: mrkdwn(text) };
}

function fields(pairs: readonly (readonly [string, string])[]): SlackBlock {
  return { type: 'section', fields: pairs.map(([label, value]) => mrkdwn(`*${label}*\n${value}`)) };
}

function mrkdwn(text: string): Text {
  return { type: 'mrkdwn', text };
}

/** Slack's three control characters in mrkdwn; everything else is literal. */
export function mrkdwnEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Shown in each reader's own time zone; the ISO text is the fallback for clients that cannot. */
function slackDate(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time}|${mrkdwnEscape(iso)}>`;
}

function capital(s: string): string {
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
}
