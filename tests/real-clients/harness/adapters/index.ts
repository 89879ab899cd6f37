// Every open-source client the harness drives (Claude Code is opt-in: claude-code.ts).
import type { ClientAdapter } from '../harness.ts';
import { clientV2Adapters } from './client-v2.ts';
import { mcpRemoteAdapter } from './mcp-remote.ts';
import { referenceClient } from './reference.ts';
import { sdkV1Adapters } from './sdk-v1.ts';

export const OPEN_SOURCE_ADAPTERS: ClientAdapter[] = [
  referenceClient,
  ...sdkV1Adapters,
  ...clientV2Adapters,
  mcpRemoteAdapter,
];
