import { RejectionError } from '../functions/core/errors.ts';
import { type Command, UsageError } from './args.ts';
import { casesCommand } from './commands/cases.ts';
import { costCommand } from './commands/cost.ts';
import { dlqCommand } from './commands/dlq.ts';
import { explainCommand } from './commands/explain.ts';
import { outcomeCommand } from './commands/outcome.ts';
import { reportCommand } from './commands/report.ts';
import { rosterCommand } from './commands/roster.ts';
import { scoreCommand } from './commands/score.ts';
import { sendCommand } from './commands/send.ts';
import { sweepCommand } from './commands/sweep.ts';

/** Every sub-command, by name. A new command is one file in cli/commands/ and one line here. */
const COMMANDS: Record<string, Command> = {
  explain: explainCommand,
  score: scoreCommand,
  send: sendCommand,
  cases: casesCommand,
  outcome: outcomeCommand,
  roster: rosterCommand,
  sweep: sweepCommand,
  report: reportCommand,
  dlq: dlqCommand,
  cost: costCommand,
};

const usage = () =>
  `usage:\n${Object.entries(COMMANDS)
    .map(([, c]) => `  flashpoint ${c.usage}`)
    .join('\n')}`;

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) throw new UsageError(name ? `unknown command '${name}'` : 'a command is required');
  await command.run(rest);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`flashpoint: ${(error as Error).message}\n${usage()}\n`);
    process.exit(2);
  }
  if (error instanceof RejectionError) {
    process.stderr.write(`flashpoint: rejected (${error.code}): ${error.reason}\n`);
    process.exit(1);
  }
  process.stderr.write(`flashpoint: ${(error as Error).message}\n`);
  process.exit(1);
});
