// When a resource stops accepting consent given before some moment (new terms,
// a security review, the held-scope scenario), the authorization server must
// show the consent screen again even if the client does not send
// prompt=consent and the grant already covers every scope requested.
// Otherwise the client gets a token with the same stale consent, and the same
// 403, forever. The MCP server and the authorization server share this rule.
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';

/** The moment (ms) before which consent no longer counts; undefined: any consent counts. */
export interface ConsentFreshness {
  consentRequiredAfter?: number;
}

/** When each grant last received the user's consent, in ms since the epoch. */
export interface ConsentLog {
  get(grantId: string): Promise<number | undefined>;
  set(grantId: string, at: number): Promise<void>;
}

export function memoryConsentLog(): ConsentLog {
  const times = new Map<string, number>();
  return {
    get: async (grantId) => times.get(grantId),
    set: async (grantId, at) => void times.set(grantId, at),
  };
}

// #region stale-consent
/**
 * An extra check on oidc-provider's consent prompt: a grant consented before
 * the cut-off must be consented again.
 */
export function staleConsentCheck(freshness: ConsentFreshness, log: ConsentLog) {
  return new interactionPolicy.Check(
    'consent_stale',
    'the consent held for this resource is older than the resource accepts',
    async (ctx: KoaContextWithOIDC) => {
      const cutOff = freshness.consentRequiredAfter;
      const grantId = ctx.oidc.grant?.jti;
      if (cutOff === undefined || !grantId || ctx.oidc.result?.consent)
        return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      const consentedAt = await log.get(grantId);
      return (consentedAt ?? 0) <= cutOff
        ? interactionPolicy.Check.REQUEST_PROMPT
        : interactionPolicy.Check.NO_NEED_TO_PROMPT;
    },
  );
}

/** oidc-provider's default prompts, with the stale-consent check added to consent. */
export function interactionPolicyWithFreshness(freshness: ConsentFreshness, log: ConsentLog) {
  const policy = interactionPolicy.base();
  policy.get('consent')!.checks.push(staleConsentCheck(freshness, log));
  return policy;
}
// #endregion stale-consent
