import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { Template } from 'aws-cdk-lib/assertions';
import { buildFlashpoint } from '../tests/infra/app-fixture.ts';
import { createFlashpointApp } from '../infra/flashpoint-app.ts';
import { readFileSync } from 'node:fs';
const ctx = JSON.parse(readFileSync('cdk.json','utf8')).context;
for (const extra of [{}, { 'flashpoint:emailRecipients': 'support.example.com' }]) {
  const { app, pipeline, httpIntake } = createFlashpointApp({ context: { ...ctx, ...extra, 'aws:cdk:bundling-stacks': [] }, nagChecks: false });
  app.synth();
  const f = [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) => pack.validateScope(app).violations.filter((v) => v.severity === 'error' || v.severity === 'warning').flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`)));
  console.log(JSON.stringify(extra), f);
}
