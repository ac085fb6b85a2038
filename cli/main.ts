import { RejectionError } from '../functions/core/errors.ts';
import { type Command, UsageError } from './args.ts';

type Loader = () => Promise<Command>;

/**
 * Every sub-command, by name, loaded only when it runs: `flashpoint score` should not pay for the AWS SDK
 * clients that `cases` or `dlq` import. A new command is one file in cli/commands/ and one line here.
 */
const COMMANDS: Record<string, Loader> = {
  explain: async () => (await import('./commands/explain.ts')).explainCommand,
  score: async () => (await import('./commands/score.ts')).scoreCommand,
  send: async () => (await import('./commands/send.ts')).sendCommand,
  cases: async () => (await import('./commands/cases.ts')).casesCommand,
  outcome: async () => (await import('./commands/outcome.ts')).outcomeCommand,
  roster: async () => (await import('./commands/roster.ts')).rosterCommand,
  sweep: async () => (await import('./commands/sweep.ts')).sweepCommand,
  report: async () => (await import('./commands/report.ts')).reportCommand,
  dlq: async () => (await import('./commands/dlq.ts')).dlqCommand,
  cost: async () => (await import('./commands/cost.ts')).costCommand,
};

async function usage(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  return `usage:\n${commands.map((c) => `  flashpoint ${c.usage}`).join('\n')}`;
}

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const load = name ? COMMANDS[name] : undefined;
  if (!load) throw new UsageError(name ? `unknown command '${name}'` : 'a command is required');
  await (await load()).run(rest);
}

main(process.argv.slice(2)).catch(async (error: unknown) => {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`flashpoint: ${(error as Error).message}\n${await usage()}\n`);
    process.exit(2);
  }
  if (error instanceof RejectionError) {
    process.stderr.write(`flashpoint: rejected (${error.code}): ${error.reason}\n`);
    process.exit(1);
  }
  process.stderr.write(`flashpoint: ${(error as Error).message}\n`);
  process.exit(1);
});
