import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, writeStackInfo } from '../../local/stack.ts';
import { chatPayload } from '../helpers/factories.ts';
import { startTestStack } from '../helpers/local-stack.ts';

const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, ['bin/flashpoint.mjs', ...args], { encoding: 'utf8' });

let stack: LocalStack;
let dir: string;
let stackFile: string;

beforeAll(async () => {
  stack = await startTestStack();
  dir = mkdtempSync(join(tmpdir(), 'flashpoint-cli-'));
  stackFile = join(dir, 'stack.json');
  writeStackInfo(stackFile, stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe('flashpoint send / cases against a running local stack', () => {
  it('sends a chat message that becomes an open case listed with its brief', async () => {
    const file = join(dir, 'chat.json');
    writeFileSync(
      file,
      chatPayload('Third time asking: nobody called me back as promised and I am cancelling my contract.', {
        conversationId: 'cli-1',
        customer: { name: 'Cleo Ito', email: 'cleo@example.com' },
      }),
    );
    const sent = await cli('send', '--channel', 'chat', '--stack', stackFile, file);
    expect(sent.stdout).toMatch(/^sent to the chat intake queue as \S+/);
    await stack.drain();

    const text = await cli('cases', '--stack', stackFile);
    expect(text.stdout).toContain('Customer: Cleo Ito');
    expect(text.stdout).toContain('Suggested opening:');
    const json = JSON.parse((await cli('cases', '--json', '--stack', stackFile)).stdout) as {
      tier: string;
      brief: { customer: { name: string }; whyHeated: { signal: string }[] };
    }[];
    const cleo = json.find((c) => c.brief.customer.name === 'Cleo Ito');
    expect(cleo?.tier).toMatch(/hot|critical/);
    expect(cleo?.brief.whyHeated.map((r) => r.signal)).toEqual(
      expect.arrayContaining(['broken_promise', 'churn_threat']),
    );
  });

  it('refuses an unknown channel with a usage error', async () => {
    const error = await cli('send', '--channel', 'fax', '--stack', stackFile, 'x.json').catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown channel 'fax'") });
  });

  it('says how to start a stack when none is running', async () => {
    const error = await cli('cases', '--stack', join(dir, 'missing.json')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 1, stderr: expect.stringContaining('start one with `npm start`') });
  });
});
