// Turns a recorded client transcript (examples/transcripts/*.txt) into the
// messages of a sequence diagram. Pure: SequenceDiagram.astro reads the file
// at build time and draws what this returns, so a re-recorded transcript
// redraws the diagram.
//
// Transcript lines:
//   → METHOD URL        a request the client sent
//     detail            indented lines belong to the entry above
//   ← STATUS Text       the answer to the last request
//   · note              something the client did or decided

export const PARTICIPANTS = ['client', 'browser', 'as', 'mcp'] as const;
export type Participant = (typeof PARTICIPANTS)[number];

export const PARTICIPANT_NAMES: Record<Participant, string> = {
  client: 'Client',
  browser: 'Browser',
  as: 'Authorization server',
  mcp: 'MCP server',
};

/** Which origin plays which part in the reference setup. */
export const DEFAULT_ORIGINS: Readonly<Record<string, Participant>> = {
  'http://127.0.0.1:9000': 'as',
  'http://127.0.0.1:9001': 'mcp',
};

export type SequenceItem =
  | {
      kind: 'message';
      from: Participant;
      to: Participant;
      /** Short label, e.g. "POST /mcp" or "403 Forbidden". */
      label: string;
      /** The lines that matter under it: the JSON-RPC call, a WWW-Authenticate header, a query. */
      details: string[];
      /** request, response, or a browser navigation/redirect. */
      style: 'request' | 'response' | 'navigation';
      /** HTTP status of a response. */
      status?: number;
    }
  | { kind: 'note'; over: Participant[]; text: string };

export class TranscriptFormatError extends Error {}

interface Entry {
  marker: '→' | '←' | '·';
  head: string;
  details: string[];
  line: number;
}

function entries(text: string): Entry[] {
  const out: Entry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    if (!line) return;
    const marker = line[0];
    if (marker === '→' || marker === '←' || marker === '·') {
      out.push({ marker, head: line.slice(1).trim(), details: [], line: i + 1 });
    } else if (/^\s/.test(line) && out.length) {
      out.at(-1)!.details.push(line.trim());
    } else {
      throw new TranscriptFormatError(
        `Transcript line ${i + 1} starts with neither →, ← nor · and is not indented: ${JSON.stringify(line.slice(0, 80))}`,
      );
    }
  });
  return out;
}

/** Path and the query parameters worth showing, e.g. "/auth?scope=notes:read&prompt=consent". */
function shortTarget(url: URL, keep: readonly string[]): string {
  const shown = keep
    .filter((k) => url.searchParams.has(k))
    .map((k) => `${k}=${url.searchParams.get(k)}`);
  return url.pathname + (shown.length ? `?${shown.join('&')}` : url.search ? '?…' : '');
}

function participantOf(
  url: URL,
  origins: Readonly<Record<string, Participant>>,
  line: number,
): Participant {
  const who = origins[url.origin];
  if (!who)
    throw new TranscriptFormatError(
      `Transcript line ${line}: no participant for origin ${url.origin}. Known: ${Object.keys(origins).join(', ')}`,
    );
  return who;
}

/**
 * Which detail lines of a request or response the diagram shows. Not the
 * `Authorization: Bearer` line: once signed in, every request carries it, and
 * the page says so once instead of on every arrow.
 */
function keptDetails(details: string[]): string[] {
  return details
    .filter(
      (d) => /^(JSON-RPC|WWW-Authenticate:)/.test(d) || /"scope":/.test(d) || /^resource=/.test(d),
    )
    .map((d) => {
      if (d.startsWith('{') && /"scope":/.test(d))
        return `scope: ${/"scope":"([^"]*)"/.exec(d)?.[1] ?? ''}`;
      if (d.startsWith('resource='))
        return d
          .split('&')
          .filter((p) => /^(resource|grant_type)=/.test(p))
          .join(' ');
      return d;
    });
}

/**
 * Protocol housekeeping that says nothing about authorization: the MCP
 * `notifications/*` a client sends after initialize, and the `GET` for the
 * optional server-to-client event stream (which the reference server refuses
 * with 405). The diagrams leave these out, with the answers to them.
 */
export function isProtocolNoise(method: string, url: URL, details: string[]): boolean {
  if (method === 'GET' && url.pathname.endsWith('/mcp')) return true;
  return details.some((d) => /^JSON-RPC notifications\//.test(d));
}

export function parseSequence(
  text: string,
  origins: Readonly<Record<string, Participant>> = DEFAULT_ORIGINS,
): SequenceItem[] {
  const items: SequenceItem[] = [];
  let lastTarget: Participant | undefined;
  let skippingAnswer = false;
  for (const entry of entries(text)) {
    if (entry.marker === '←' && skippingAnswer) {
      skippingAnswer = false;
      continue;
    }
    skippingAnswer = false;
    if (entry.marker === '→') {
      const match = /^([A-Z]+) (\S+)$/.exec(entry.head);
      if (!match)
        throw new TranscriptFormatError(
          `Transcript line ${entry.line}: expected "→ METHOD URL", got ${JSON.stringify(entry.head)}`,
        );
      const url = new URL(match[2]!);
      lastTarget = participantOf(url, origins, entry.line);
      if (isProtocolNoise(match[1]!, url, entry.details)) {
        skippingAnswer = true;
        continue;
      }
      items.push({
        kind: 'message',
        from: 'client',
        to: lastTarget,
        label: `${match[1]} ${url.pathname}`,
        details: keptDetails(entry.details),
        style: 'request',
      });
    } else if (entry.marker === '←') {
      const status = Number(/^(\d{3})\b/.exec(entry.head)?.[1]);
      if (!lastTarget || !status)
        throw new TranscriptFormatError(
          `Transcript line ${entry.line}: a response "← STATUS" must follow a request`,
        );
      // A challenge says it all; the JSON-RPC error body beside it repeats it.
      const details = keptDetails(entry.details);
      const challenged = details.some((d) => d.startsWith('WWW-Authenticate:'));
      items.push({
        kind: 'message',
        from: lastTarget,
        to: 'client',
        label: entry.head,
        details: challenged ? details.filter((d) => !d.startsWith('JSON-RPC error')) : details,
        style: 'response',
        status,
      });
    } else if (entry.head.startsWith('open ')) {
      // The client hands the authorization URL to the browser, which loads it from the authorization server.
      const url = new URL(entry.head.slice(5).trim());
      items.push({
        kind: 'message',
        from: 'client',
        to: 'browser',
        label: 'open the authorization URL',
        details: [],
        style: 'navigation',
      });
      items.push({
        kind: 'message',
        from: 'browser',
        to: participantOf(url, origins, entry.line),
        label: `GET ${shortTarget(url, ['scope', 'prompt'])}`,
        details: ['the user signs in and approves on the consent page'],
        style: 'navigation',
      });
    } else if (entry.head.startsWith('callback')) {
      // The authorization server redirects the browser to the client's loopback address (or the user pastes it).
      const source = /^callback \((\w+)\)/.exec(entry.head)?.[1] ?? 'loopback';
      // The recorded loopback port is a placeholder ("{port}"), so read the URL as text.
      const target = entry.head.slice(entry.head.indexOf(':') + 1).trim();
      const path = /^\w+:\/\/[^/]+(\/[^?#]*)/.exec(target)?.[1] ?? target;
      const query = new URLSearchParams(target.split('?')[1] ?? '');
      items.push({
        kind: 'message',
        from: 'browser',
        to: 'client',
        label: `${source === 'paste' ? 'pasted' : 'GET'} ${path}?${[...query.keys()].map((k) => `${k}=…`).join('&')}`,
        details: [
          source === 'paste'
            ? 'the user pastes the callback URL'
            : 'redirect from the authorization server to the loopback address',
        ],
        style: 'navigation',
      });
    } else if (entry.head.startsWith('browser:')) {
      items.push({ kind: 'note', over: ['client', 'browser'], text: entry.head });
    } else {
      items.push({ kind: 'note', over: ['client'], text: entry.head });
    }
  }
  return items;
}

/** Items from the first message whose label or details contain `from`, up to (not including) the first after it containing `until`. */
export function sliceSequence(
  items: SequenceItem[],
  from?: string,
  until?: string,
): SequenceItem[] {
  const text = (item: SequenceItem) =>
    item.kind === 'note' ? item.text : [item.label, ...item.details].join(' ');
  const start = from ? items.findIndex((i) => i.kind === 'message' && text(i).includes(from)) : 0;
  if (start < 0) throw new TranscriptFormatError(`No message in the transcript contains "${from}"`);
  const end = until
    ? items.findIndex((i, n) => n > start && i.kind === 'message' && text(i).includes(until))
    : -1;
  if (until && end < 0)
    throw new TranscriptFormatError(
      `No message after "${from ?? 'the start'}" contains "${until}"`,
    );
  return items.slice(start, end < 0 ? undefined : end);
}
