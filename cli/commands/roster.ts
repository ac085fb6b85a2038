import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { rosterFileSchema } from '../../functions/core/routing/roster.ts';
import { type Command, UsageError } from '../args.ts';
import { withCaseStore } from '../local-clients.ts';

export function readRosterFile(path: string) {
  const parsed = rosterFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`roster file ${path}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data.staff;
}

export const rosterCommand: Command = {
  usage:
    'roster load FILE [--stack PATH | --table NAME]   load senior staff (skills, capacity, shift) into the table',
  async run(argv) {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { stack: { type: 'string' }, table: { type: 'string' } },
    });
    const [verb, file] = positionals;
    if (verb !== 'load' || !file) throw new UsageError('usage: flashpoint roster load FILE');
    const staff = readRosterFile(file);
    await withCaseStore(values, ({ ops }) => ops.saveRoster(staff));
    process.stdout.write(`loaded ${staff.length} staff member(s)\n`);
  },
};
