// A tiny HTTP client for benches: keeps one student's cookies, signs in through Auth.js's
// credentials callback, and calls tRPC procedures in their superjson wire format.
export class StudentClient {
  private cookies = new Map<string, string>();
  public httpErrors = 0;

  constructor(private readonly base: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }

  async signIn(email: string, password: string): Promise<void> {
    const csrf = await fetch(`${this.base}/api/auth/csrf`, { headers: { cookie: this.cookieHeader() } });
    this.remember(csrf);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await fetch(`${this.base}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: this.cookieHeader() },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: this.base }),
    });
    this.remember(res);
    if (![...this.cookies.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed for ${email}: HTTP ${res.status}`);
  }

  async mutation<T>(path: string, input: unknown): Promise<{ ok: true; data: T } | { ok: false; status: number; body: string }> {
    const res = await fetch(`${this.base}/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: this.cookieHeader() },
      body: JSON.stringify({ json: input }),
    });
    return this.unwrap<T>(res);
  }

  async query<T>(path: string, input: unknown): Promise<{ ok: true; data: T } | { ok: false; status: number; body: string }> {
    const q = encodeURIComponent(JSON.stringify({ json: input }));
    const res = await fetch(`${this.base}/api/trpc/${path}?input=${q}`, { headers: { cookie: this.cookieHeader() } });
    return this.unwrap<T>(res);
  }

  private async unwrap<T>(res: Response) {
    const text = await res.text();
    if (!res.ok) {
      this.httpErrors++;
      return { ok: false as const, status: res.status, body: text.slice(0, 300) };
    }
    return { ok: true as const, data: (JSON.parse(text) as { result: { data: { json: T } } }).result.data.json };
  }
}
