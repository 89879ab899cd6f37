// Refusals that are not a missing scope get no step-up: a 403 with another
// error code (claim `edge.other-403-no-step-up`), and insufficient scope reported
// as a JSON-RPC error inside HTTP 200 (claim `edge.jsonrpc-error-no-step-up`).
import { ProtocolError } from '@modelcontextprotocol/client';
import { isStepUpError } from '../../../examples/client/errors.ts';
import { expect, test } from '../../support/fixtures.ts';
import { expectRecordedOutput } from '../../support/recorded-output.ts';
import { connectReadWrite, grantTypes, newSession } from './helpers.ts';
import { claims } from '../../support/claims.ts';

test.describe('other-error', () => {
  test.use({ scenario: 'other-error' });
  test(
    'a 403 whose error is not insufficient_scope fails with forbidden and opens no consent screen',
    claims(
      {
        'edge.other-403-no-step-up':
          "Stops with `forbidden` and the server's description; no consent screen",
      },
      { tag: '@transcript' },
    ),
    async ({ servers, user }) => {
      const { session, transcript } = newSession(servers, user);
      const { client, error } = await connectReadWrite(session);
      expect(isStepUpError(error) && error.code).toBe('forbidden');
      expect((error as Error).message).toBe(
        'The server refused the request (403, error="access_denied"): Notes are read-only for this account. This is not a missing scope, so signing in again would not help',
      );
      expect(user.screens).toHaveLength(1); // the first login only
      expect(grantTypes(transcript)).toEqual(['authorization_code']);
      await client.close();
      await expectRecordedOutput('other-error.txt', transcript.toString());
    },
  );
});

test.describe('jsonrpc-error', () => {
  test.use({ scenario: 'jsonrpc-error' });
  test(
    'insufficient scope as a JSON-RPC error in HTTP 200 is not a step-up: the caller gets the JSON-RPC error',
    claims(
      {
        'edge.jsonrpc-error-no-step-up': 'Hands the JSON-RPC error to the caller; no step-up',
      },
      { tag: '@transcript' },
    ),
    async ({ servers, user }) => {
      const { session, transcript } = newSession(servers, user);
      const { client, error } = await connectReadWrite(session);
      // The MCP SDK turns the JSON-RPC error into a ProtocolError for the caller.
      expect(error).toBeInstanceOf(ProtocolError);
      expect(isStepUpError(error)).toBe(false);
      expect((error as ProtocolError).code).toBe(-32003);
      expect((error as ProtocolError).message).toContain(
        'insufficient_scope: add_note requires notes:read and notes:write',
      );
      expect(transcript.exchanges.find((e) => e.rpc === 'tools/call add_note')?.status).toBe(200);
      expect(user.screens).toHaveLength(1);
      expect(grantTypes(transcript)).toEqual(['authorization_code']);
      await client.close();
      await expectRecordedOutput('jsonrpc-error.txt', transcript.toString());
    },
  );
});
