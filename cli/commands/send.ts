import { parseArgs } from 'node:util';
import type { Channel } from '../../functions/core/contact.ts';
import { createSqsClient } from '../../functions/shared/clients.ts';
import { clientSettings, sendToIntake } from '../../local/replay.ts';
import { type Command, channelArg, readInput } from '../args.ts';
import { readStackFile } from '../stack-file.ts';

export const sendCommand: Command = {
  usage: 'send --channel email|chat|social FILE|- [--stack PATH]   put a message on the running local stack',
  async run(argv) {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { channel: { type: 'string' }, stack: { type: 'string' } },
    });
    const channel = channelArg(values.channel, false) as Channel;
    const body = readInput(positionals[0]);
    const stack = readStackFile(values.stack);
    const sqs = createSqsClient(clientSettings(stack));
    try {
      const messageId = await sendToIntake(sqs, stack.queues, channel, body);
      process.stdout.write(`sent to the ${channel} intake queue as ${messageId}\n`);
    } finally {
      sqs.destroy();
    }
  },
};
