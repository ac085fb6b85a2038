import { buildFlashpoint } from '../tests/infra/app-fixture.ts';
const t = Date.now();
const { app } = buildFlashpoint({ cloudFormationValidation: true });
try { app.synth(); console.log('ok', Date.now() - t); } catch (e) { console.log('ERR', Date.now() - t, (e as Error).message.slice(0, 3000)); }
