import { parseArgs } from 'node:util';
import { loadConfig, sweeperConfigSchema } from '../../functions/config.ts';
import { wireSweeper } from '../../functions/sweeper/wire.ts';
import { ENV } from '../../infra/resources.ts';
import { localEndpointEnv } from '../../local/endpoint-env.ts';
import { type Command, printJson } from '../args.ts';
import { readStackFile } from '../stack-file.ts';

export const sweepCommand: Command = {
  usage: 'sweep [--stack PATH]   run the deadline sweeper once against the local stack',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { stack: { type: 'string' } } });
    const stack = readStackFile(values.stack);
    const sweep = wireSweeper(
      loadConfig(sweeperConfigSchema, {
        ...localEndpointEnv(stack),
        [ENV.tableName]: stack.tableName,
        [ENV.seniorQueueUrl]: stack.queues.senior.url,
        [ENV.normalQueueUrl]: stack.queues.normal.url,
        [ENV.alertTopicArn]: stack.alertTopicArn,
      }),
    );
    printJson({ escalated: await sweep() });
  },
};
