// The scopes this MCP server understands and the tools that need them.
// One table drives the authorization server's scope list, the protected
// resource metadata and the per-tool check, so the three cannot disagree.

export const BASELINE_SCOPES = ['notes:read'] as const;

export const SCOPES_SUPPORTED = ['notes:read', 'notes:write', 'notes:admin'] as const;

export type Scope = (typeof SCOPES_SUPPORTED)[number];

/** What the consent page tells the user each scope allows. */
export const SCOPE_DESCRIPTIONS: Readonly<Record<Scope, string>> = {
  'notes:read': 'Read your notes',
  'notes:write': 'Create and edit notes',
  'notes:admin': 'Delete notes',
};

/** Scopes each tool needs. A tool missing here needs only a valid token. */
export const TOOL_SCOPES: Readonly<Record<string, readonly Scope[]>> = {
  list_notes: ['notes:read'],
  add_note: ['notes:read', 'notes:write'],
  delete_note: ['notes:read', 'notes:admin'],
};
