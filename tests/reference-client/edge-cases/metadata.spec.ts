// A 403 may point at protected resource metadata other than the one the
// client knows: it fetches and validates it before stepping up, and refuses
// a document that is for another resource (claims `edge.changed-metadata-refetch`,
// `edge.mismatched-metadata-rejected`).
import { isStepUpError } from '../../../examples/client/errors.ts';
import { expect, test } from '../../support/fixtures.ts';
import { expectRecordedOutput } from '../../support/recorded-output.ts';
import { connectReadWrite, newSession } from './helpers.ts';
import { claims } from '../../support/claims.ts';

test.describe('changed-metadata', () => {
  test.use({ scenario: 'changed-metadata' });
  test(
    'a 403 pointing at new resource metadata makes the client fetch and validate it, then step up',
    claims(
      {
        'edge.changed-metadata-refetch': 'Fetches and validates the new document, then steps up',
      },
      { tag: '@transcript' },
    ),
    async ({ servers, user }) => {
      const { session, transcript } = newSession(servers, user);
      const { client, write, error } = await connectReadWrite(session);
      expect(error).toBeUndefined();
      expect(write!.text).toMatch(/^Added note #\d+$/);

      const metadata = transcript.exchanges.filter((e) =>
        e.url.includes('/.well-known/oauth-protected-resource'),
      );
      expect(
        metadata.map((e) => [e.method, e.url.replace(/^http:\/\/[^/]+/, ''), e.status]),
      ).toEqual([
        ['GET', '/.well-known/oauth-protected-resource/mcp', 200],
        ['GET', '/.well-known/oauth-protected-resource/mcp?revision=2', 200],
      ]);
      // Fetched after the 403 and before the consent it leads to.
      const text = transcript.toString();
      expect(text.indexOf('?revision=2\n← 200')).toBeGreaterThan(text.indexOf('← 403 Forbidden'));
      expect(text.indexOf('?revision=2\n← 200')).toBeLessThan(text.indexOf('prompt=consent'));
      expect(user.screens).toHaveLength(2);
      await client.close();
      await expectRecordedOutput('changed-metadata.txt', transcript.toString());
    },
  );
});

test.describe('mismatched-metadata', () => {
  test.use({ scenario: 'mismatched-metadata' });
  test(
    'metadata whose resource is another server is refused with resource_mismatch before any consent',
    claims(
      {
        'edge.mismatched-metadata-rejected':
          'Stops with `resource_mismatch` before any consent screen',
      },
      { tag: '@transcript' },
    ),
    async ({ servers, user }) => {
      const { session, transcript } = newSession(servers, user);
      const { client, error } = await connectReadWrite(session);
      expect(isStepUpError(error) && error.code).toBe('resource_mismatch');
      expect((error as Error).message).toContain(`is not for ${servers.mcpUrl}`);
      expect(transcript.exchanges.at(-1)!.url).toMatch(
        /\/\.well-known\/oauth-protected-resource\/other$/,
      );
      expect(user.screens).toHaveLength(1);
      await client.close();
      await expectRecordedOutput('mismatched-metadata.txt', transcript.toString());
    },
  );
});
