// One consent screen's data for the tests that render the page: the HTML
// checks beside the module and the browser checks of what a person reads.
import type { ConsentView } from './consent-page.ts';

/** A step-up: notes:read already granted, notes:write new, for a dynamically registered client. */
export const sampleConsentView = (over: Partial<ConsentView> = {}): ConsentView => ({
  uid: 'u1',
  clientName: 'Notes client',
  clientId: 'client-1',
  clientKind: 'dynamic',
  redirectUri: 'http://127.0.0.1:8765/callback',
  resource: 'http://127.0.0.1:9001/mcp',
  account: 'alice',
  requested: ['notes:read', 'notes:write'],
  alreadyGranted: new Set(['notes:read']),
  ...over,
});
