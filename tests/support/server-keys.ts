// One set of signing keys per test process for the reference servers the
// tests start (some 170 in a run): making an RSA key costs about 60 ms of CPU,
// and a test server's keys are not what a test is about. Each server still has
// an issuer of its own, so a token from one is refused by another's MCP server.
// tests/server/store.spec.ts starts its servers without these: it tests the keys a store keeps.
import { newServerKeys, type ServerKeys } from '../../examples/server/authorization-server.ts';

let keys: Promise<ServerKeys> | undefined;

export function testServerKeys(): Promise<ServerKeys> {
  keys ??= newServerKeys();
  return keys;
}
