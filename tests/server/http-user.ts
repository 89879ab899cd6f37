// A user without a browser: follows the authorization redirects with its own
// cookies and answers each consent page by posting its form, as the page's
// buttons would. For load and fuzz runs, where Chromium would be the bottleneck.

export interface HttpConsentOutcome {
  /** Where the authorization server finally sent the browser (the client's redirect URI). */
  callback: URL;
  /** Consent pages answered. */
  screens: number;
}

const MAX_HOPS = 20;

export class HttpUser {
  readonly #cookies = new Map<string, string>();
  readonly answer: 'approve' | 'deny';

  constructor(answer: 'approve' | 'deny' = 'approve') {
    this.answer = answer;
  }

  /** fetch with this user's cookies, never following redirects. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.#cookies.size)
      headers.set(
        'cookie',
        [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      );
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.#cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return response;
  }

  /**
   * Follows redirects from `url` until a consent page (returned with its
   * address) or until the browser would leave the authorization server.
   */
  async follow(url: string): Promise<{ consentPage: string; pageUrl: string } | { callback: URL }> {
    const issuerOrigin = new URL(url).origin;
    let next = url;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      if (new URL(next).origin !== issuerOrigin) return { callback: new URL(next) };
      const response = await this.fetch(next);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        next = new URL(location, next).href;
        continue;
      }
      const html = await response.text();
      if (response.status !== 200 || !html.includes('id="scopes"')) {
        throw new Error(
          `expected a consent page at ${new URL(next).pathname}, got ${response.status}: ${html.slice(0, 200)}`,
        );
      }
      return { consentPage: html, pageUrl: next };
    }
    throw new Error(`more than ${MAX_HOPS} redirects`);
  }

  /**
   * Opens the authorization URL and follows it until it leaves the
   * authorization server, answering each consent page on the way.
   */
  async authorize(authorizationUrl: string, maxScreens = 5): Promise<HttpConsentOutcome> {
    let next = authorizationUrl;
    for (let screens = 0; screens <= maxScreens; screens++) {
      const step = await this.follow(next);
      if ('callback' in step) return { callback: step.callback, screens };
      next = await this.submit(step.consentPage, step.pageUrl);
    }
    throw new Error(`more than ${maxScreens} consent pages: a consent loop`);
  }

  /** The Approve or Deny form of a consent page, with its fields. */
  static form(html: string, button: 'approve' | 'deny'): { action: string; csrf: string } {
    const suffix = button === 'approve' ? 'confirm' : 'abort';
    const match = new RegExp(
      `<form method="post" action="([^"]+/${suffix})"><input type="hidden" name="csrf" value="([^"]+)">`,
    ).exec(html);
    if (!match) throw new Error(`the consent page has no ${button} form`);
    return { action: match[1]!, csrf: match[2]! };
  }

  /** Posts this user's answer to a consent page; returns where the server redirects. */
  async submit(html: string, pageUrl: string): Promise<string> {
    const { action, csrf } = HttpUser.form(html, this.answer);
    const response = await this.fetch(new URL(action, pageUrl).href, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: new URL(pageUrl).origin,
      },
      body: new URLSearchParams({ csrf }),
    });
    const location = response.headers.get('location');
    await response.body?.cancel();
    if (!location)
      throw new Error(`answering the consent page got ${response.status} without a redirect`);
    return new URL(location, pageUrl).href;
  }
}
