import { describe, expect, it } from 'vitest';
import { ApiRequestError, createApi } from '../../web/src/api.ts';

interface Call {
  url: string;
  init: RequestInit | undefined;
}

function fakeFetch(answer: () => Response, calls: Call[]): typeof fetch {
  return async (input, init) => {
    calls.push({ url: String(input), init });
    return answer();
  };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the inbox API client', () => {
  it('sends filters as a query, and the ID token as the Authorization header', async () => {
    const calls: Call[] = [];
    const api = createApi({
      base: 'https://inbox.example.com',
      authorization: () => 'id.token.value',
      onUnauthorized: () => {},
      fetch: fakeFetch(() => json(200, { cases: [], generatedAt: '2026-11-25T12:00:00Z' }), calls),
    });
    const list = await api.listCases({ tier: 'hot', owner: 'amara' });
    expect(list.cases).toEqual([]);
    expect(calls[0]?.url).toBe('https://inbox.example.com/api/cases?owner=amara&tier=hot');
    expect(new Headers(calls[0]?.init?.headers).get('authorization')).toBe('id.token.value');
  });

  it('posts an outcome as JSON to the case route', async () => {
    const calls: Call[] = [];
    const api = createApi({
      base: '',
      authorization: () => undefined,
      onUnauthorized: () => {},
      fetch: fakeFetch(() => json(201, { caseId: 'k_1', outcomeId: 'o_1', closed: true }), calls),
    });
    const result = await api.recordOutcome('k_1', { kind: 'resolved' });
    expect(result.closed).toBe(true);
    expect(calls[0]?.url).toBe('/api/cases/k_1/outcomes');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({ kind: 'resolved' });
    expect(new Headers(calls[0]?.init?.headers).has('authorization')).toBe(false);
  });

  it("turns the API's error shape into an error carrying its code and sentence", async () => {
    const api = createApi({
      base: '',
      authorization: () => undefined,
      onUnauthorized: () => {},
      fetch: fakeFetch(() => json(409, { error: 'case_closed', message: 'case k_1 is already closed' }), []),
    });
    const error = await api.acknowledge('k_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 409, code: 'case_closed', message: 'case k_1 is already closed' });
  });

  it('asks the session to sign in again on 401', async () => {
    let renewed = 0;
    const api = createApi({
      base: '',
      authorization: () => 'expired',
      onUnauthorized: () => {
        renewed += 1;
      },
      fetch: fakeFetch(() => json(401, { message: 'Unauthorized' }), []),
    });
    await expect(api.listIncidents()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(renewed).toBe(1);
  });

  it('says the API could not be reached when the network fails, and names a non-JSON answer', async () => {
    const down = createApi({
      base: '',
      authorization: () => undefined,
      onUnauthorized: () => {},
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    await expect(down.getCase('k_1')).rejects.toMatchObject({ status: 0, code: 'unreachable' });
    const gateway = createApi({
      base: '',
      authorization: () => undefined,
      onUnauthorized: () => {},
      fetch: fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }), []),
    });
    await expect(gateway.getCase('k_1')).rejects.toMatchObject({
      status: 502,
      message: 'The inbox API answered 502.',
    });
  });
});
