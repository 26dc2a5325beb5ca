export interface BenchAccount {
  id: string;
  accessToken: string;
}

const post = async (url: string, body: unknown) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url} → ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, string>;
};

/** A verified account signed in with a bearer token, made through the fixture route and the public API. */
export async function signInBenchAccount(baseUrl: string): Promise<BenchAccount> {
  const credentials = {
    email: 'loadtester@example.test',
    username: 'bench',
    password: 'late night listening party',
  };
  await post(`${baseUrl}/api/v1/bench/verified-account`, credentials);
  const session = await post(`${baseUrl}/api/v1/auth/sign-in`, {
    login: credentials.email,
    password: credentials.password,
  });
  const me = await fetch(`${baseUrl}/api/v1/users/me`, {
    headers: { authorization: `Bearer ${session.accessToken}` },
  });
  if (!me.ok) throw new Error(`GET /users/me → ${me.status}`);
  return { id: ((await me.json()) as { id: string }).id, accessToken: session.accessToken! };
}
