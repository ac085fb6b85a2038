import { createFlashpointApp } from './flashpoint-app.ts';

// Run by the CDK CLI (cdk.json); the App synthesises itself when the process exits.
createFlashpointApp();
