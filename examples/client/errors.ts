// Every way the step-up client can fail, each with a stable `code` so callers
// (and the docs' explainer) can branch on it instead of parsing messages.

export type StepUpErrorCode =
  | 'insufficient_scope_after_reauthorization'
  | 'forbidden'
  | 'access_denied'
  | 'consent_timeout'
  | 'state_mismatch'
  | 'issuer_mismatch'
  | 'invalid_callback'
  | 'unauthorized_after_reauthorization'
  | 'resource_mismatch'
  | 'invalid_challenge'
  | 'invalid_input'
  /** Neither well-known location has the metadata (protected resource or authorization server). */
  | 'metadata_not_found'
  /** A metadata document was found but is not valid (bad JSON, wrong issuer, insecure URL). */
  | 'metadata_invalid'
  /**
   * The authorization server refused the client's credentials (pre-registered,
   * or a registration that cannot be renewed).
   */
  | 'invalid_client'
  /**
   * The token endpoint refused the authorization code
   * (invalid_grant: redeemed, expired, or not this sign-in's).
   */
  | 'code_rejected'
  /**
   * The token endpoint failed in another way
   * (an error code, or an answer that is not a token response).
   */
  | 'token_error'
  /**
   * A pasted callback URL is not for this client's redirect URI
   * (scheme, host, port or path differ).
   */
  | 'callback_mismatch';

export class StepUpError extends Error {
  readonly code: StepUpErrorCode;
  constructor(code: StepUpErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StepUpError';
    this.code = code;
  }
}

export const isStepUpError = (value: unknown): value is StepUpError => value instanceof StepUpError;
