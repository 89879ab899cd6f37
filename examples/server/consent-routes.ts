// The interaction endpoints oidc-provider sends the browser to: automatic
// login for the demo account, the consent page, and its Approve and Deny
// buttons. Safe to copy: the page cannot be framed or cached, Approve and
// Deny need a token only this page carries and a same-origin POST, and the
// page says who the client really is, not only the name it chose.
import { createHmac, timingSafeEqual } from 'node:crypto';
import express from 'express';
import { errors, type Provider } from 'oidc-provider';
import { clientKind, type PreRegisteredClients } from './clients.ts';
import type { ConsentLog } from './consent-freshness.ts';
import { renderConsentPage, renderErrorPage } from './consent-page.ts';
import { isSupportedScope, OIDC_SCOPES } from './scopes.ts';

/** The one demo account. Signing in is not the subject here, so it is automatic. */
export const DEMO_ACCOUNT = 'alice';

export interface ConsentRoutesOptions {
  provider: Provider;
  issuer: string;
  /** The MCP server URL: the resource consent is given for. */
  resource: string;
  consentLog: ConsentLog;
  preRegistered: PreRegisteredClients;
  /** Key for the anti-CSRF token; kept with the signing keys. */
  csrfSecret: string;
}

// #region consent-headers
/**
 * Every interaction response: never framed (clickjacking), never cached,
 * no referrer to other sites.
 */
const securityHeaders: express.RequestHandler = (_req, res, next) => {
  res.set({
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
    'Cache-Control': 'no-store',
    // same-origin, not no-referrer: under no-referrer Chrome sends `Origin: null` on the form POST.
    'Referrer-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
  });
  next();
};
// #endregion consent-headers

/** An error the user sees as a page, with a status that says whose fault it is. */
class PageError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

// #region csrf
/** The token is bound to the interaction; only the consent page for it carries it. */
const csrfToken = (secret: string, uid: string) =>
  createHmac('sha256', secret).update(`consent:${uid}`).digest('base64url');

function checkCsrf(req: express.Request, secret: string, issuer: string): void {
  // Browsers send Origin on every form POST: one from another site is refused
  // outright. "null" (privacy settings, sandboxed frames) leaves it to the token.
  const origin = req.get('origin');
  if (origin !== undefined && origin !== 'null' && origin !== new URL(issuer).origin)
    throw new PageError(403, 'This form was sent from another site.');
  const sent = Buffer.from(typeof req.body?.csrf === 'string' ? req.body.csrf : '');
  const expected = Buffer.from(csrfToken(secret, String(req.params.uid)));
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    throw new PageError(403, 'This form did not come from the consent page.');
  }
}
// #endregion csrf

const words = (value: unknown): string[] =>
  String(value ?? '')
    .split(' ')
    .filter(Boolean);

/** Body-parser and router errors, as the 4xx they are. */
function clientErrorStatus(err: unknown): { status: number; message: string } | undefined {
  if (err instanceof PageError) return { status: err.status, message: err.message };
  if (err instanceof errors.OIDCProviderError)
    return { status: err.statusCode, message: err.error_description ?? err.message };
  const { status, type } = (err ?? {}) as { status?: number; type?: string };
  if (type === 'entity.too.large') return { status: 413, message: 'The form is too large.' };
  if (type === 'charset.unsupported' || type === 'encoding.unsupported')
    return { status: 415, message: 'The form must be sent as UTF-8 without a content encoding.' };
  if (err instanceof URIError) return { status: 400, message: 'The address is malformed.' };
  if (typeof status === 'number' && status >= 400 && status < 500)
    return { status, message: 'The request is malformed.' };
  return undefined;
}

export function consentRoutes(options: ConsentRoutesOptions): express.Router {
  const { provider, consentLog } = options;
  const router = express.Router();
  // A consent form has one short field; anything bigger is not from our page.
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 });
  router.use('/interaction', securityHeaders);

  router.get('/interaction/:uid', async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: DEMO_ACCOUNT } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      const clientId = String(details.params.client_id);
      const client = await provider.Client.find(clientId);
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
      const resource = String(details.params.resource ?? options.resource);
      res.type('html').send(
        renderConsentPage({
          uid: details.uid,
          csrf: csrfToken(options.csrfSecret, details.uid),
          clientName: client?.clientName ?? clientId,
          clientId,
          clientKind: clientKind(client, options.preRegistered),
          redirectUri: String(details.params.redirect_uri ?? ''),
          resource,
          account: DEMO_ACCOUNT,
          requested: words(details.params.scope),
          alreadyGranted: new Set(words(grant?.getResourceScope(resource))),
        }),
      );
    } catch (err) {
      next(err);
    }
  });

  // #region approve
  router.post('/interaction/:uid/confirm', form, async (req, res, next) => {
    try {
      checkCsrf(req, options.csrfSecret, options.issuer);
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name !== 'consent')
        throw new errors.InvalidRequest('no consent is pending for this sign-in');
      const accountId = details.session?.accountId ?? DEMO_ACCOUNT;
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      if (!grant) throw new errors.InvalidRequest('the grant for this sign-in no longer exists');
      const requested = words(details.params.scope);
      const resourceScopes = requested.filter(isSupportedScope);
      if (resourceScopes.length)
        grant.addResourceScope(
          String(details.params.resource ?? options.resource),
          resourceScopes.join(' '),
        );
      // offline_access and openid, when asked for, are granted with the rest in
      // this one Approve; left out, the consent prompt would come back forever.
      const oidcScopes = requested.filter((s) => (OIDC_SCOPES as readonly string[]).includes(s));
      if (oidcScopes.length) grant.addOIDCScope(oidcScopes.join(' '));
      const missingClaims = (details.prompt.details as { missingOIDCClaims?: string[] })
        .missingOIDCClaims;
      if (missingClaims?.length) grant.addOIDCClaims(missingClaims);
      const grantId = await grant.save();
      // When the user last said yes: the stale-consent check and the token's consented_at read it.
      await consentLog.set(grantId, Date.now());
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
    } catch (err) {
      next(err);
    }
  });
  // #endregion approve

  router.post('/interaction/:uid/abort', form, async (req, res, next) => {
    try {
      checkCsrf(req, options.csrfSecret, options.issuer);
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The user denied the request' },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      next(err);
    }
  });

  // Bad input, an expired or unknown interaction: a page with a 4xx, never a stack trace.
  router.use(
    '/interaction',
    (err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      const known = clientErrorStatus(err);
      if (!known)
        console.error(
          'authorization-server: internal error:',
          err instanceof Error ? err.message : 'unknown',
        );
      res
        .status(known?.status ?? 500)
        .type('html')
        .send(
          renderErrorPage(
            'This sign-in cannot continue',
            `${known?.message ?? 'Something went wrong.'} Start again from your MCP client.`,
          ),
        );
    },
  );
  return router;
}
