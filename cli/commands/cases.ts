import { parseArgs } from 'node:util';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { createDynamoClient } from '../../functions/shared/clients.ts';
import { clientSettings } from '../../local/replay.ts';
import { type Command, printJson } from '../args.ts';
import { readStackFile } from '../stack-file.ts';

export const casesCommand: Command = {
  usage: 'cases [--owner NAME] [--json] [--stack PATH]   list open cases, hottest first, with their briefs',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        owner: { type: 'string' },
        json: { type: 'boolean', default: false },
        stack: { type: 'string' },
      },
    });
    const stack = readStackFile(values.stack);
    const db = createDynamoClient(clientSettings(stack));
    try {
      const cases = await new DynamoCaseReader(db, stack.tableName).openCases(
        values.owner ? { owner: values.owner } : {},
      );
      if (values.json) {
        printJson(
          cases.map(({ brief, briefText: _text, ...c }) => ({ ...c, brief: JSON.parse(brief) as unknown })),
        );
        return;
      }
      if (cases.length === 0) process.stdout.write('no open cases\n');
      for (const c of cases) process.stdout.write(`${c.briefText}\n\n`);
    } finally {
      db.destroy();
    }
  },
};
