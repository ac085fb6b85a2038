import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoCaseReader } from '../functions/adapters/dynamodb/case-reader.ts';
import { CHANNELS, type Channel } from '../functions/core/contact.ts';
import { RejectionError } from '../functions/core/errors.ts';
import { createDynamoClient, createSqsClient } from '../functions/shared/clients.ts';
import { defaultTextModel } from '../functions/shared/text-model.ts';
import { clientSettings, sendToIntake } from '../local/replay.ts';
import { type ExplainChannel, explain } from './explain.ts';
import { readStackFile } from './stack-file.ts';

const USAGE = `usage:
  flashpoint explain [--channel email|chat|social|text] FILE|-   score one message offline, print JSON
  flashpoint send --channel email|chat|social FILE|-             put a message on the running local stack
  flashpoint cases [--owner NAME] [--json]                       list open cases with their briefs
options: --stack PATH (default .local/stack.json)`;

class UsageError extends Error {}

function readInput(path: string | undefined): string {
  if (!path) throw new UsageError('a FILE (or - for standard input) is required');
  return readFileSync(path === '-' ? 0 : path, 'utf8');
}

function channelArg(value: string | undefined, allowText: boolean): ExplainChannel {
  const allowed: readonly string[] = allowText ? [...CHANNELS, 'text'] : CHANNELS;
  if (value === undefined) {
    if (allowText) return 'text';
    throw new UsageError('--channel is required');
  }
  if (!allowed.includes(value))
    throw new UsageError(`unknown channel '${value}' (expected ${allowed.join(', ')})`);
  return value as ExplainChannel;
}

async function run(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      channel: { type: 'string' },
      owner: { type: 'string' },
      json: { type: 'boolean', default: false },
      stack: { type: 'string' },
    },
  });
  const [command, file] = positionals;
  const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  switch (command) {
    case 'explain': {
      const channel = channelArg(values.channel, true);
      print(await explain(channel, readInput(file), defaultTextModel(), new Date()));
      return;
    }
    case 'send': {
      const channel = channelArg(values.channel, false) as Channel;
      const body = readInput(file);
      const stack = readStackFile(values.stack);
      const sqs = createSqsClient(clientSettings(stack));
      const messageId = await sendToIntake(sqs, stack.queues, channel, body);
      sqs.destroy();
      process.stdout.write(`sent to the ${channel} intake queue as ${messageId}\n`);
      return;
    }
    case 'cases': {
      const stack = readStackFile(values.stack);
      const reader = new DynamoCaseReader(createDynamoClient(clientSettings(stack)), stack.tableName);
      const cases = await reader.openCases(values.owner ? { owner: values.owner } : {});
      if (values.json) {
        print(
          cases.map(({ brief, briefText: _text, ...c }) => ({ ...c, brief: JSON.parse(brief) as unknown })),
        );
        return;
      }
      if (cases.length === 0) process.stdout.write('no open cases\n');
      for (const c of cases) process.stdout.write(`${c.briefText}\n\n`);
      return;
    }
    default:
      throw new UsageError(command ? `unknown command '${command}'` : 'a command is required');
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`flashpoint: ${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (error instanceof RejectionError) {
    process.stderr.write(`flashpoint: rejected (${error.code}): ${error.reason}\n`);
    process.exit(1);
  }
  process.stderr.write(`flashpoint: ${(error as Error).message}\n`);
  process.exit(1);
});
