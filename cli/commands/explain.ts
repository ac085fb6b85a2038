import { parseArgs } from 'node:util';
import { defaultTextModel } from '../../functions/shared/text-model.ts';
import { type Command, channelArg, printJson, readInput } from '../args.ts';
import { explain } from '../explain.ts';

export const explainCommand: Command = {
  usage: 'explain [--channel email|chat|social|text] FILE|-   score one message offline, print JSON',
  async run(argv) {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { channel: { type: 'string' } },
    });
    printJson(
      await explain(
        channelArg(values.channel, true),
        readInput(positionals[0]),
        defaultTextModel(),
        new Date(),
      ),
    );
  },
};
