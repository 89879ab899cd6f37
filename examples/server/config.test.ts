import { expect, test } from '../../tests/support/fixtures.ts';
import { configFromEnv } from './config.ts';

test('server config: loopback hosts only, [::1] bound as ::1, ports checked, with errors that name the variable', () => {
  expect(configFromEnv({}).host).toBe('127.0.0.1');
  expect(configFromEnv({ MCP_HOST: '[::1]' }).host).toBe('::1');
  expect(configFromEnv({ MCP_HOST: 'localhost', AS_PORT: '0', MCP_PORT: '9101' })).toMatchObject({
    host: 'localhost',
    authorizationServerPort: 0,
    mcpPort: 9101,
  });
  expect(() => configFromEnv({ MCP_HOST: '0.0.0.0' })).toThrow(
    'MCP_HOST must be a loopback address (127.0.0.1, localhost or ::1), got "0.0.0.0"',
  );
  expect(() => configFromEnv({ AS_PORT: '70000' })).toThrow(
    'AS_PORT must be a port number from 0 to 65535, got "70000"',
  );
  expect(() => configFromEnv({ MCP_PORT: '9x' })).toThrow('MCP_PORT must be a port number');
});
