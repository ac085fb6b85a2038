import { describe, expect, it } from 'vitest';
import { handleInboxRequest, type InboxRequest } from '../../functions/core/inbox/api.ts';
import { matchRoute } from '../../functions/core/inbox/routes.ts';
import type { StaffListResponse } from '../../functions/core/inbox/views.ts';
import { aStaffMember, MemoryInbox } from '../helpers/inbox-fakes.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');

function call(inbox: MemoryInbox, method: string, path: string, extra: Partial<InboxRequest> = {}) {
  return handleInboxRequest(
    { method, path, query: {}, body: null, actor: 'amara@example.org', ...extra },
    { reader: inbox, ops: inbox, clock: () => NOW },
  );
}

describe('GET /api/staff', () => {
  it('lists who a case can go to: on shift first, then by name, with only id, name, languages and shift', async () => {
    // Prepare
    const inbox = new MemoryInbox();
    inbox.roster.splice(
      0,
      inbox.roster.length,
      aStaffMember('zoe', { name: 'Zoe Brandt', languages: ['en', 'de'], capacity: 9, topics: ['delivery'] }),
      aStaffMember('bruno', { name: 'Bruno Costa', languages: ['pt', 'es'], onShift: false }),
      aStaffMember('amara', { name: 'Amara Okafor', languages: ['en'] }),
    );

    // Act
    const res = await call(inbox, 'GET', '/api/staff');

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      staff: [
        { id: 'amara', name: 'Amara Okafor', languages: ['en'], onShift: true },
        { id: 'zoe', name: 'Zoe Brandt', languages: ['en', 'de'], onShift: true },
        { id: 'bruno', name: 'Bruno Costa', languages: ['pt', 'es'], onShift: false },
      ],
      generatedAt: NOW.toISOString(),
    } satisfies StaffListResponse);
    expect(JSON.stringify(res.body)).not.toMatch(/capacity|topics|channels|openCases|delivery/);
    expect(res.log).toEqual({ route: 'listStaff', count: 3 });
  });

  it('answers an empty roster with an empty list', async () => {
    const inbox = new MemoryInbox();
    inbox.roster.length = 0;
    expect((await call(inbox, 'GET', '/api/staff')).body).toEqual({
      staff: [],
      generatedAt: NOW.toISOString(),
    });
  });

  it('needs a signed-in user like every route', async () => {
    const res = await call(new MemoryInbox(), 'GET', '/api/staff', { actor: undefined });
    expect(res).toMatchObject({ status: 401, body: { error: 'unauthenticated' } });
  });

  it('answers GET only, on the collection only', async () => {
    expect(matchRoute('GET', '/api/staff')).toEqual({ name: 'listStaff' });
    expect(matchRoute('GET', '/staff/')).toEqual({ name: 'listStaff' });
    const post = await call(new MemoryInbox(), 'POST', '/api/staff', { body: '{}' });
    expect(post).toMatchObject({
      status: 405,
      body: { error: 'method_not_allowed' },
      headers: { allow: 'GET' },
    });
    const one = await call(new MemoryInbox(), 'GET', '/api/staff/amara');
    expect(one).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });
});
