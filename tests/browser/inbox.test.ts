/**
 * The web inbox in a real browser (Debian's Chromium through playwright-core) against the real local
 * stack: DynamoDB Local, fauxqs, the Lambda handlers, the HTTP intake and the inbox server with its API.
 * Messages go in through the HTTP intake, as a channel integration would send them.
 *
 * The steps share one stack and build on each other, in order: the hot case the first one sends is the
 * case the next ones open, and the outcome recorded closes it.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRosterFile } from '../../cli/commands/roster.ts';
import type { Channel } from '../../functions/core/contact.ts';
import type { CaseListResponse } from '../../functions/core/inbox/views.ts';
import { outcomeSchema } from '../../functions/core/outcomes.ts';
import { replay } from '../../local/replay.ts';
import { SAMPLES } from '../../local/samples/conversations.ts';
import { cloneCase } from '../helpers/case-clones.ts';
import { emailPayload, socialPayload } from '../helpers/factories.ts';
import { openTestStack, type TestStackClients } from '../helpers/local-stack.ts';
import { launchChromium } from './chromium.ts';

// What the page.evaluate() callbacks touch inside the page, declared here (module scope only): the tests
// compile under the project's node settings, without the DOM library.
interface PageElement {
  readonly tagName: string;
  readonly id: string;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
}
declare const window: { notReloaded?: boolean };
declare const document: {
  readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
  readonly activeElement: PageElement | null;
};
declare const navigator: { readonly clipboard: { readText(): Promise<string> } };
declare function getComputedStyle(element: PageElement | null): {
  outlineStyle: string;
  outlineWidth: string;
};

const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url);
/** Longer than a few polls (4 s each) plus a triage: how long a new message may take to show. */
const UI_WAIT_MS = 45_000;

let clients: TestStackClients;
let browser: Browser;
let desktop: BrowserContext;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  clients = await openTestStack({ roster: readRosterFile('local/samples/roster.json') });
  // The demo's conversations: what `npm start` shows in the inbox.
  await replay(clients.stack, SAMPLES);
  browser = await launchChromium();
  desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await desktop.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: inboxOrigin() });
});

afterAll(async () => {
  await browser?.close();
  await clients?.close();
});

function inboxOrigin(): string {
  return new URL(clients.stack.inboxUrl).origin;
}

function url(hash = '#/'): string {
  return new URL(hash, clients.stack.inboxUrl).toString();
}

async function open(context: BrowserContext, hash = '#/'): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url(hash));
  return page;
}

/** POSTs a payload to the stack's HTTP intake, as a channel integration would. */
async function send(channel: Channel, body: string): Promise<void> {
  const response = await fetch(`${clients.stack.httpEndpoint}/v1/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  expect(response.status).toBe(202);
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

async function noHorizontalScroll(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
}

describe('the web inbox on the local stack', () => {
  let inbox: Page;
  let hotCaseId = '';
  const CUSTOMER = 'Priya Natarajan';

  it('shows a hot case sent after the page is open, without a reload, with its scores and top reasons', async () => {
    inbox = await open(desktop);
    await inbox.getByRole('link', { name: 'Dana Whitfield' }).waitFor();
    // Survives only if the page is never reloaded.
    await inbox.evaluate(() => {
      window.notReloaded = true;
    });
    expect(await inbox.getByRole('link', { name: CUSTOMER }).count()).toBe(0);

    const from = { address: 'priya.n@example.com', name: CUSTOMER };
    await send(
      'email',
      emailPayload('My broadband has been down since Monday. Could someone look at it please?', {
        messageId: '<bb-1@example.com>',
        from,
        subject: 'Broadband down',
        sentAt: minutesAgo(2 * 24 * 60),
      }),
    );
    await send(
      'email',
      emailPayload(
        'This is the third time I am writing about my broadband. An engineer promised to call me back yesterday and nobody did. If it is not fixed today I am cancelling.',
        {
          messageId: '<bb-2@example.com>',
          inReplyTo: '<bb-1@example.com>',
          from,
          subject: 'Re: Broadband down',
          sentAt: minutesAgo(1),
        },
      ),
    );
    await clients.stack.drain();

    const row = inbox.getByRole('article', { name: CUSTOMER });
    await row
      .locator('.tier', { hasText: /hot|critical/i })
      .first()
      .waitFor({ timeout: UI_WAIT_MS });
    expect(await inbox.evaluate(() => window.notReloaded)).toBe(true);
    await expect
      .poll(() =>
        inbox
          .getByRole('status')
          .filter({ hasText: /new case/ })
          .count(),
      )
      .toBeGreaterThan(0);

    const href = (await row.getByRole('link', { name: CUSTOMER }).getAttribute('href')) ?? '';
    hotCaseId = href.replace('#/cases/', '');
    const stored = await clients.reader.getCase(hotCaseId);
    expect(stored).toMatchObject({ status: 'open', tier: expect.stringMatching(/hot|critical/) });
    const frustration = await row
      .locator('.scores div', { hasText: 'Frustration' })
      .locator('dd')
      .textContent();
    expect(Number(frustration)).toBe(stored?.frustration);
    const reasons = await row
      .getByRole('list', { name: `Top reasons for ${CUSTOMER}` })
      .getByRole('listitem')
      .allTextContents();
    expect(reasons.length).toBeGreaterThanOrEqual(2);
    expect(reasons.join('\n')).toMatch(/^\+\d/m);

    await inbox.screenshot({ path: new URL('inbox.png', SCREENSHOTS).pathname, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("opens the case's brief: repeat-contact reasons, timeline, promises and a suggested opening to copy", async () => {
    await inbox.getByRole('link', { name: CUSTOMER }).click();
    await inbox.getByRole('heading', { level: 1, name: new RegExp(CUSTOMER) }).waitFor();
    expect(inbox.url()).toBe(url(`#/cases/${hotCaseId}`));

    const why = inbox.getByRole('region', { name: 'Why it is heated' });
    const whyText = await why.textContent();
    expect(whyText).toContain('repeat contact history');
    expect(whyText).toContain('1 earlier contact');
    const timeline = await inbox
      .getByRole('list', { name: 'Contacts, newest first' })
      .getByRole('listitem')
      .count();
    expect(timeline).toBe(2);

    const opening = (await inbox.locator('#suggested-opening').textContent()) ?? '';
    expect(opening).toMatch(/^Priya, you have now contacted us 2 times/);
    await inbox.getByRole('button', { name: 'Copy the opening' }).click();
    await inbox.getByText('Copied to the clipboard.').waitFor();
    expect(await inbox.evaluate(() => navigator.clipboard.readText())).toBe(opening);

    await inbox.screenshot({ path: new URL('case.png', SCREENSHOTS).pathname, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('checks an outcome as `flashpoint outcome` does, then records it: the case closes and leaves the open list', async () => {
    const form = inbox.getByRole('form', { name: 'Record an outcome' });
    await form.getByRole('button', { name: 'Record outcome' }).click();
    // The CLI's message for the same mistake: the same schema, the same "path: message".
    const cli = outcomeSchema.safeParse({ caseId: hotCaseId, by: 'amara' });
    const kindIssue = cli.success ? undefined : cli.error.issues.find((i) => i.path[0] === 'kind');
    await form.getByRole('alert').getByText(`kind: ${kindIssue?.message}`).waitFor();
    expect(await form.getByLabel('What happened').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('What happened').selectOption('resolved');
    await form.getByLabel('Customer satisfaction (CSAT, optional)').selectOption('4');
    await form.getByRole('button', { name: 'Add an action' }).click();
    await form.getByLabel('Action 1: what was tried').fill('sent an engineer to reset the line');
    await form.getByLabel('Action 1: result').selectOption('worked');
    await form.getByLabel('Note (optional)').fill('Line back up; customer confirmed.');
    await form.getByRole('button', { name: 'Record outcome' }).click();
    await inbox.getByText('The case is closed and has left the open list.').waitFor();

    const stored = await clients.reader.getCase(hotCaseId);
    expect(stored?.status).toBe('closed');
    const outcomes = (await clients.partition(`CASE#${hotCaseId}`)).filter((i) =>
      String(i.SK).startsWith('OUTCOME#'),
    );
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({
      kind: 'resolved',
      csat: 4,
      actions: [{ what: 'sent an engineer to reset the line', result: 'worked' }],
    });

    await inbox.getByRole('link', { name: '← All open cases' }).click();
    await inbox.getByRole('link', { name: 'Dana Whitfield' }).waitFor();
    expect(await inbox.locator(`a[href="#/cases/${hotCaseId}"]`).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('filters by tier and keeps the filter in the URL', async () => {
    await inbox.getByLabel('Tier').selectOption('critical');
    await inbox.waitForURL(/#\/\?tier=critical$/);
    await inbox.getByText(/open cases? match these filters/).waitFor();
    const tiers = await inbox.locator('.case-list .case-row-head .tier').allTextContents();
    expect(tiers.length).toBeGreaterThan(0);
    expect(tiers.every((t) => /critical/i.test(t))).toBe(true);

    const reopened = await open(desktop, '#/?tier=critical');
    expect(await reopened.getByLabel('Tier').inputValue()).toBe('critical');
    await reopened.close();
    expect(pageErrors).toEqual([]);
  });

  it('shows a brand-wide spike on the incidents page, with its count, example messages and links to its cases', async () => {
    for (let i = 0; i < 25; i++) {
      await send(
        'social',
        socialPayload({
          postId: `ui-spike-${i}`,
          author: { handle: `@appfan${i}`, followers: 150 + i, verified: false },
          text: `The app logs me out every time I open it this morning #${i}`,
          postedAt: minutesAgo(3 - i * 0.05),
          engagement: undefined,
        }),
      );
    }
    await clients.stack.drain(90_000);

    const page = await open(desktop, '#/incidents');
    const incident = page.getByRole('article', { name: /^Spike about the / });
    await incident.waitFor({ timeout: UI_WAIT_MS });
    const figures = (await incident.locator('.spike-figures').textContent()) ?? '';
    const [mentions = 0, openCases = 0] = [...figures.matchAll(/(\d+) (?:mentions|open cases?)/g)].map((m) =>
      Number(m[1]),
    );
    expect(mentions).toBeGreaterThanOrEqual(20);
    expect(openCases).toBeGreaterThanOrEqual(20);
    expect(await incident.locator('.examples blockquote').first().textContent()).toContain('logs me out');

    await incident.getByRole('link', { name: /^All \d+ open cases of this incident$/ }).click();
    const cases = page.getByRole('list', { name: 'Open cases of this incident, hottest first' });
    await cases.waitFor();
    expect(await cases.getByRole('article').count()).toBe(openCases);

    await page.locator('.examples a').first().click();
    await page.getByRole('link', { name: 'part of a spike incident' }).waitFor();
    expect(page.url()).toMatch(/#\/cases\/k_[0-9a-f]{32}$/);
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it('reaches and opens a case with the keyboard alone, with a visible focus ring', async () => {
    const page = await open(desktop);
    await page.getByRole('link', { name: 'Dana Whitfield' }).waitFor();

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    let onCaseLink = false;
    for (let presses = 0; presses < 20 && !onCaseLink; presses++) {
      await page.keyboard.press('Tab');
      onCaseLink = await page.evaluate(
        () => document.activeElement?.getAttribute('href')?.startsWith('#/cases/') ?? false,
      );
    }
    expect(onCaseLink).toBe(true);
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement);
      return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
    });
    expect(ring.style).not.toBe('none');
    expect(ring.width).toBeGreaterThanOrEqual(2);

    const name = await page.evaluate(() => document.activeElement?.textContent ?? '');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/cases\//);
    await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
    // Focus moved to the new page's heading, so reading starts there.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it('fits a 375 px wide phone screen without horizontal scrolling', async () => {
    const phone = await browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await open(phone);
    await page.getByRole('link', { name: 'Dana Whitfield' }).waitFor();
    expect(await noHorizontalScroll(page)).toEqual({ scrollWidth: 375, clientWidth: 375 });
    await page.screenshot({ path: new URL('inbox-phone.png', SCREENSHOTS).pathname });

    await page.getByRole('link', { name: 'Dana Whitfield' }).click();
    await page.getByRole('region', { name: 'Suggested opening' }).waitFor();
    expect(await noHorizontalScroll(page)).toEqual({ scrollWidth: 375, clientWidth: 375 });
    await phone.close();
    expect(pageErrors).toEqual([]);
  });

  it('reassigns to anyone on the roster, named with their languages, not only to owners of open cases', async () => {
    const { cases } = (await (await fetch(url('api/cases'))).json()) as CaseListResponse;
    const dana = cases.find((c) => c.customer === 'Dana Whitfield');
    expect(dana).toBeDefined();
    const caseId = dana?.caseId ?? '';
    const owner = dana?.owner ?? null;
    const page = await open(desktop, `#/cases/${caseId}`);
    const select = page.getByLabel('New owner', { exact: true });
    // The roster arrives once, beside the case: wait until its names are there.
    await select.locator('option', { hasText: 'Chen Wei' }).waitFor({ state: 'attached' });
    const options = (await select.locator('option').allTextContents()).map((t) => t.trim());
    const roster: Record<string, string> = {
      amara: 'Amara Osei (amara) · en, fr',
      bruno: 'Bruno Silva (bruno) · en, es, pt',
      chen: 'Chen Wei (chen) · en, zh',
    };
    expect(options).toEqual([
      'Choose…',
      ...Object.entries(roster).map(([id, label]) => (id === owner ? `${label} (current owner)` : label)),
    ]);
    if (owner) expect(await select.locator(`option[value="${owner}"]`).isDisabled()).toBe(true);

    const next = Object.keys(roster).find((id) => id !== owner) ?? '';
    await select.selectOption(next);
    await page.getByRole('button', { name: 'Reassign', exact: true }).click();
    await page.getByText(`Reassigned to ${next}.`).waitFor();
    expect((await clients.reader.getCase(caseId))?.owner).toBe(next);
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it('shows the first 50 open cases and the tier counts, and reads the rest with "Load more", each once', async () => {
    // 60 more open cases (copies of a real one, every tier) than the demo's: more than one page.
    const open0 = await clients.reader.openCases();
    const template = open0.find((c) => c.brief?.customer.name === 'Dana Whitfield')?.caseId ?? '';
    const tiers = ['critical', 'hot', 'warm', 'calm'] as const;
    await cloneCase(
      clients.db,
      clients.stack.tableName,
      template,
      Array.from({ length: 60 }, (_, i) => ({
        tier: tiers[i % 4] ?? 'calm',
        deadline: new Date(Date.now() + (i + 5) * 60_000).toISOString(),
      })),
    );
    const openNow = (await clients.reader.openCases()).length;
    const page = await open(desktop);
    const list = page.getByRole('list', { name: 'Open cases, hottest first' });
    const more = page.getByRole('button', { name: 'Load more' });
    await more.waitFor({ timeout: UI_WAIT_MS });

    expect(await list.getByRole('article').count()).toBe(50);
    expect(await page.locator('.tier-counts').textContent()).toMatch(
      /^Open now: \d+ critical · \d+ hot · \d+ warm · \d+ calm$/,
    );

    await more.click();
    await page.getByText(`${openNow} open cases`, { exact: true }).waitFor({ timeout: UI_WAIT_MS });
    expect(await list.getByRole('article').count()).toBe(openNow);
    expect(await more.count()).toBe(0);
    const tierTexts = await list.locator('.case-row-head .tier').allTextContents();
    const ranks = tierTexts.map((t) => tiers.findIndex((tier) => new RegExp(tier, 'i').test(t)));
    expect(ranks).toEqual(ranks.toSorted((a, b) => a - b));
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it("shows the API's own words when a request fails", async () => {
    const missing = `k_${'0'.repeat(32)}`;
    const answer = (await (await fetch(url(`api/cases/${missing}`))).json()) as { message: string };
    const page = await open(desktop, `#/cases/${missing}`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`Loading the case failed: ${answer.message}`);
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});
