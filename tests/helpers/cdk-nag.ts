import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag 3 reports through CDK's policy-validation plugins, not as construct annotations, so
 * `Annotations.findError(…'AwsSolutions-…')` would find nothing whatever the app contained. Instead the
 * packs are run directly (`validateScope`, the entry point cdk-nag documents for tests); acknowledged
 * findings are already left out of what it returns. Each finding reads "<rule> at <construct path>".
 */
export function unacknowledgedFindings(scope: IConstruct): string[] {
  return [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
    pack
      .validateScope(scope)
      .violations.filter((v) => v.severity === 'error' || v.severity === 'warning')
      .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`)),
  );
}
