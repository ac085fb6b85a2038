import {
  AccessLogField,
  AccessLogFormat,
  LogGroupLogDestination,
  MethodLoggingLevel,
  type StageOptions,
} from 'aws-cdk-lib/aws-apigateway';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';

/**
 * Stage settings every Flashpoint REST API shares: tracing, metrics, ERROR-level execution logs and
 * never data traces (request bodies are customer messages), and access logs of ids and status only.
 */
export function privateStageOptions(accessLogs: ILogGroup, stageName: string): StageOptions {
  return {
    stageName,
    tracingEnabled: true,
    metricsEnabled: true,
    loggingLevel: MethodLoggingLevel.ERROR,
    dataTraceEnabled: false,
    accessLogDestination: new LogGroupLogDestination(accessLogs),
    accessLogFormat: AccessLogFormat.custom(
      JSON.stringify({
        requestId: AccessLogField.contextRequestId(),
        requestTime: AccessLogField.contextRequestTime(),
        caller: AccessLogField.contextIdentityCaller(),
        apiKeyId: AccessLogField.contextIdentityApiKeyId(),
        sourceIp: AccessLogField.contextIdentitySourceIp(),
        httpMethod: AccessLogField.contextHttpMethod(),
        resourcePath: AccessLogField.contextResourcePath(),
        status: AccessLogField.contextStatus(),
        responseLength: AccessLogField.contextResponseLength(),
        errorType: AccessLogField.contextErrorResponseType(),
        integrationStatus: AccessLogField.contextIntegrationStatus(),
        integrationLatency: AccessLogField.contextIntegrationLatency(),
      }),
    ),
  };
}
