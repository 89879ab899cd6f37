// The scopes this MCP server understands and the tools that need them.
// One table drives the authorization server's scope list, the protected
// resource metadata and the per-tool check, so the three cannot disagree.

export const BASELINE_SCOPES = ['notes:read'] as const;

export const SCOPES_SUPPORTED = ['notes:read', 'notes:write', 'notes:admin'] as const;

export type Scope = (typeof SCOPES_SUPPORTED)[number];

/**
 * OpenID Connect scopes real clients add to their requests. The authorization
 * server grants them when the user approves, so asking never loops.
 */
export const OIDC_SCOPES = ['openid', 'offline_access'] as const;

/** What the consent page tells the user each scope allows. */
export const SCOPE_DESCRIPTIONS: Readonly<Record<Scope | (typeof OIDC_SCOPES)[number], string>> = {
  'notes:read': 'Read your notes',
  'notes:write': 'Create and edit notes',
  'notes:admin': 'Delete notes',
  openid: 'Know who you are (your account id)',
  offline_access: 'Stay connected when you are away (a refresh token)',
};

/** Every tool and the scopes it needs; a name not listed is an unknown tool. */
export const TOOL_SCOPES: ReadonlyMap<string, readonly Scope[]> = new Map([
  ['list_notes', ['notes:read']],
  ['add_note', ['notes:read', 'notes:write']],
  ['delete_note', ['notes:read', 'notes:admin']],
]);

/** True for the notes:* scopes; safe for any string, `__proto__` included. */
export const isSupportedScope = (scope: string): scope is Scope =>
  (SCOPES_SUPPORTED as readonly string[]).includes(scope);
