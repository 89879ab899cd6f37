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
  | 'metadata_invalid';

export class StepUpError extends Error {
  readonly code: StepUpErrorCode;
  constructor(code: StepUpErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StepUpError';
    this.code = code;
  }
}

export const isStepUpError = (value: unknown): value is StepUpError => value instanceof StepUpError;
