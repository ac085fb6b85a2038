/** Spawns bench/handler-child.ts for each handler: a fresh process, so its memory figures are its own. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HandlerChildResult } from './handler-child.ts';

const CHILD = fileURLToPath(new URL('./handler-child.ts', import.meta.url));

function runChild(mode: 'triage' | 'intake'): Promise<HandlerChildResult> {
  const dir = mkdtempSync(join(tmpdir(), 'flashpoint-bench-handler-'));
  const resultPath = join(dir, 'result.json');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, resultPath], {
      env: {
        ...process.env,
        POWERTOOLS_DEV: '',
        POWERTOOLS_METRICS_DISABLED: 'false',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (code) => {
      try {
        if (code !== 0) reject(new Error(`handler-child ${mode} exited ${code}: ${stderr.slice(-500)}`));
        else resolve(JSON.parse(readFileSync(resultPath, 'utf8')) as HandlerChildResult);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

export async function benchHandlers(): Promise<{ triage: HandlerChildResult; intake: HandlerChildResult }> {
  return { triage: await runChild('triage'), intake: await runChild('intake') };
}
