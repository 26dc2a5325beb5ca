/**
 * Just enough of a browser for redirect flows driven with fetch: a cookie jar (per host and port, without
 * path or expiry rules beyond deletion) and GETs that do not follow redirects by themselves.
 */
export class FetchBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).host)?.get(name);
  }

  setCookie(url: string, name: string, value: string): void {
    const host = new URL(url).host;
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    cookies.set(name, value);
    this.jar.set(host, cookies);
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const cookies = this.jar.get(new URL(url).host);
    const headers = new Headers(init.headers);
    if (cookies?.size)
      headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(url, response.headers);
    return response;
  }

  /**
   * Follows redirects from `url` while `follow(next)` says so; returns the last response and where it
   * pointed (null when it was not a redirect).
   */
  async walk(
    url: string,
    follow: (next: string) => boolean,
  ): Promise<{ response: Response; url: string; location: string | null }> {
    let current = url;
    for (let hops = 0; hops < 20; hops++) {
      const response = await this.request(current);
      const target = response.headers.get('location');
      const location = target ? new URL(target, current).href : null;
      if (!location || response.status < 300 || response.status > 399 || !follow(location))
        return { response, url: current, location };
      await response.body?.cancel();
      current = location;
    }
    throw new Error(`more than 20 redirects from ${url}`);
  }

  private store(url: string, headers: Headers): void {
    const host = new URL(url).host;
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some(
        (attribute) => /^\s*max-age=0\s*$/i.test(attribute) || /^\s*expires=.*1970/i.test(attribute),
      );
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(host, cookies);
  }
}
