import { expect } from 'vitest';
import { SAMPLES } from '../../local/samples/conversations.ts';
import type { TestStackClients } from './local-stack.ts';

const HOUR = 3_600_000;

/**
 * The demo's conversations (those with a JSON payload), posted to the running stack's HTTP intake as a
 * channel integration would send them, each drained before the next so the cases build up in order.
 */
export async function postDemoConversations(t: TestStackClients, now = Date.now()): Promise<void> {
  for (const sample of SAMPLES.filter((s) => s.raw === undefined)) {
    const at = new Date(now - sample.hoursAgo * HOUR).toISOString();
    const sent = await fetch(`${t.stack.httpEndpoint}/v1/${sample.channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sample.payload(at)),
    });
    expect(sent.status).toBe(202);
    await t.stack.drain();
  }
}
