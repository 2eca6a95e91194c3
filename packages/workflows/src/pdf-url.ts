// Runs in the api and worker processes, never in the workflow sandbox (not imported by workflow code).

/**
 * Where the worker may download an invoice's `pdfUrl` from: one rule, checked by the API at
 * registration (422) and again by the worker before any connection (cases stored before the rule).
 * The worker also checks every address the name resolves to; that part needs DNS and stays there.
 */

/**
 * `RELANCE_PDF_FETCH_ALLOW_HOSTS`: comma-separated `host` or `host:port` entries (development
 * file servers), spelled as `new URL` spells hosts (lower case, `[v6]`). A `host` entry trusts
 * that host on any port, over http too; a `host:port` entry that port only.
 */
export function parseHostList(raw: string): { hosts: string[]; problems: string[] } {
  const hosts: string[] = [];
  const problems: string[] = [];
  for (const item of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(\[[0-9a-fA-F:.]+\]|[^\s:/@?#[\]]+)(?::(\d{1,5}))?$/.exec(item);
    const hostname = m ? URL.parse(`http://${m[1]}`)?.hostname : undefined;
    const port = m?.[2] ? Number(m[2]) : undefined;
    if (!hostname || (port !== undefined && (port < 1 || port > 65535))) {
      problems.push(`"${item}" is not host or host:port`);
    } else hosts.push(port ? `${hostname}:${port}` : hostname);
  }
  return { hosts, problems };
}

/** True when the URL's host (any port) or host:port is on the development allow-list. */
export function isAllowListedHost(url: URL, allowHosts: readonly string[]): boolean {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowHosts.includes(url.hostname) || allowHosts.includes(`${url.hostname}:${port}`);
}

/**
 * Why `raw` can never be fetched, or undefined: not a URL, a user name or password in it, not
 * https, or https on a port other than 443, unless the host is allow-listed. Credentials are
 * refused rather than sent: a PDF link should not carry a password (it would be stored, logged
 * and shown), and their percent-escapes are one more parser between the tenant and a socket.
 */
export function pdfUrlProblem(raw: string, allowHosts: readonly string[]): string | undefined {
  const url = URL.parse(raw);
  if (!url) return 'must be an absolute URL';
  if (url.username || url.password) return 'must not contain a user name or password';
  const trusted = isAllowListedHost(url, allowHosts);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && trusted)) {
    return `must be an https:// URL (got ${url.protocol}//${url.host})`;
  }
  // `new URL` drops the scheme's default port: any port left is another one.
  if (!trusted && url.port !== '') return `must use the https port 443 (got ${url.port})`;
  return undefined;
}
