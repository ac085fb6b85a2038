import { describe, expect, it } from 'vitest';
import type { AlertNotice } from '../../functions/core/alerts/notice.ts';
import { inboxLink, slackMessage } from '../../functions/core/alerts/slack-message.ts';

const ALERT: AlertNotice = {
  kind: 'alert',
  alertId: 'a_0123',
  caseId: 'k_b656aa',
  tier: 'critical',
  frustration: 91,
  viralRisk: 12,
  reasons: [
    { signal: 'repeat_contact_history', weight: 24 },
    { signal: 'broken_promise', weight: 16 },
  ],
  owner: 'amara',
  deadline: '2026-11-25T12:51:59.904Z',
};

const INCIDENT: AlertNotice = {
  kind: 'incident',
  alertId: 'a_inc',
  incidentId: 'i_42',
  caseId: 'k_first',
  tier: 'critical',
  topic: 'app',
  mentions: 240,
  expected: 12,
  windowStart: '2026-11-25T11:45:00.000Z',
  windowEnd: '2026-11-25T12:00:00.000Z',
};

describe('Slack incoming-webhook message', () => {
  it('renders a case alert as text plus header, score fields, reasons and a link to the case page', () => {
    const message = slackMessage(ALERT, { inboxUrl: 'https://d111.cloudfront.net/' });

    expect(message.text).toBe('Flashpoint — critical case k_b656aa');
    expect(message.blocks).toEqual([
      {
        type: 'header',
        text: { type: 'plain_text', text: ':rotating_light: Critical case k_b656aa', emoji: true },
      },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Frustration*\n91' },
          { type: 'mrkdwn', text: '*Viral risk*\n12' },
          { type: 'mrkdwn', text: '*Owner*\namara' },
          {
            type: 'mrkdwn',
            text: `*Reply by*\n<!date^${Math.floor(Date.parse(ALERT.deadline) / 1000)}^{date_short_pretty} {time}|2026-11-25T12:51:59.904Z>`,
          },
        ],
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*Why it is heated*\n• `repeat_contact_history` +24\n• `broken_promise` +16',
        },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '<https://d111.cloudfront.net/#/cases/k_b656aa|Open the case in the inbox>',
        },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Flashpoint · alert `a_0123`' }] },
    ]);
  });

  it('links nowhere without an inbox address, and says unassigned for a case without owner', () => {
    const message = slackMessage({ ...ALERT, owner: null });
    const json = JSON.stringify(message);
    expect(json).not.toContain('Open the case');
    expect(json).toContain('*Owner*\\nunassigned');
  });

  it('links an incident to its incident page', () => {
    expect(inboxLink(INCIDENT, 'http://127.0.0.1:8788')).toBe('http://127.0.0.1:8788/#/incidents/i_42');
    const message = slackMessage(INCIDENT, { inboxUrl: 'http://127.0.0.1:8788' });
    expect(message.text).toBe('Flashpoint — incident i_42 (app)');
    expect(JSON.stringify(message)).toContain(
      '<http://127.0.0.1:8788/#/incidents/i_42|Open the incident in the inbox>',
    );
    expect(JSON.stringify(message)).toContain('*Mentions*\\n240');
  });

  it("escapes Slack's control characters in values, so an owner id cannot forge a link", () => {
    const message = slackMessage({ ...ALERT, owner: '<https://evil.example|click> & co' });
    const owner = JSON.stringify(message.blocks[1]);
    expect(owner).toContain('&lt;https://evil.example|click&gt; &amp; co');
    expect(owner).not.toContain('<https://evil');
  });

  it('renders an escalation with its reason and new deadline', () => {
    const message = slackMessage({
      kind: 'escalation',
      alertId: 'a_esc',
      caseId: 'k_case',
      tier: 'critical',
      level: 2,
      because: 'deadline passed without acknowledgement by amara',
      owner: 'amara',
      deadline: '2026-11-25T13:00:00.000Z',
    });
    expect(message.text).toBe('Flashpoint — case k_case escalated to critical');
    expect(JSON.stringify(message)).toContain('*Why*\\ndeadline passed without acknowledgement by amara');
  });
});
