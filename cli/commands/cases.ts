import { parseArgs } from 'node:util';
import { type Command, printJson } from '../args.ts';
import { withCaseStore } from '../local-clients.ts';

export const casesCommand: Command = {
  usage:
    'cases [--owner NAME] [--json] [--stack PATH | --table NAME]   open cases, hottest first, with briefs',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        owner: { type: 'string' },
        json: { type: 'boolean', default: false },
        stack: { type: 'string' },
        table: { type: 'string' },
      },
    });
    await withCaseStore(values, async ({ reader }) => {
      const cases = await reader.openCases(values.owner ? { owner: values.owner } : {});
      if (values.json) {
        printJson(cases.map(({ briefText: _text, ...c }) => c));
        return;
      }
      if (cases.length === 0) process.stdout.write('no open cases\n');
      for (const c of cases) process.stdout.write(`${c.briefText}\n\n`);
    });
  },
};
