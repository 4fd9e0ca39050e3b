import { checkCallbackUrl, classifyAddress, ResolveHost, webhookPolicyFromEnv } from './callback-guard';

const resolver = (table: Record<string, string[]>): ResolveHost => async (host) => {
  if (!(host in table)) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return table[host];
};

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'openbaar'],
    ['145.21.0.1', 'openbaar'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'privé'],
    ['172.16.0.1', 'privé'],
    ['172.31.255.255', 'privé'],
    ['172.32.0.1', 'openbaar'],
    ['172.15.255.255', 'openbaar'],
    ['192.168.1.10', 'privé'],
    ['192.169.0.1', 'openbaar'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'ongespecificeerd'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'gereserveerd'],
  ])('IPv4 %s is %s', (ip, soort) => {
    expect(classifyAddress(ip)).toBe(soort);
  });

  it.each([
    ['2001:4860:4860::8888', 'openbaar'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'ongespecificeerd'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'openbaar'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['ff02::1', 'multicast'],
  ])('IPv6 %s is %s', (ip, soort) => {
    expect(classifyAddress(ip)).toBe(soort);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:10.0.0.5', 'privé'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:8.8.8.8', 'openbaar'],
    ['64:ff9b::192.168.0.1', 'privé'],
  ])('an IPv6 address carrying IPv4 %s is judged by that IPv4 address: %s', (ip, soort) => {
    expect(classifyAddress(ip)).toBe(soort);
  });

  it('refuses to classify what is not an IP address', () => {
    expect(() => classifyAddress('kaderflow.example')).toThrow(/geen IP-adres/);
  });
});

describe('checkCallbackUrl', () => {
  const publiek = resolver({ 'ontvanger.gemeente.example': ['145.21.0.10', '2001:db8::10'] });

  it('given the default policy, when the url is https to a public address, then it is allowed', async () => {
    expect(await checkCallbackUrl('https://ontvanger.gemeente.example/hook', { resolve: publiek })).toEqual({ ok: true, addresses: ['145.21.0.10', '2001:db8::10'] });
  });

  it('given the default policy, when the url is http, then it is refused with a Dutch reason', async () => {
    expect(await checkCallbackUrl('http://ontvanger.gemeente.example/hook', { resolve: publiek })).toEqual({ ok: false, retry: false, reason: 'callbackUrl moet met https:// beginnen' });
  });

  it.each([
    ['https://127.0.0.1/hook', /127\.0\.0\.1, een loopback-adres/],
    ['https://[::1]:8443/hook', /::1, een loopback-adres/],
    ['https://[::ffff:192.168.1.1]/hook', /privénetwerk/],
    ['https://2130706433/hook', /127\.0\.0\.1, een loopback-adres/],
    ['https://0x7f.1/hook', /loopback/],
    ['https://169.254.169.254/latest/meta-data', /link-local/],
    ['https://[fd00::5]/hook', /unique-local/],
    ['https://0.0.0.0/hook', /ongespecificeerde/],
    ['https://localhost/hook', /localhost, een loopback-adres/],
    ['https://api.LOCALHOST./hook', /loopback/],
  ])('refuses %s without asking DNS', async (url, reason) => {
    const resolve = jest.fn(publiek);
    const check = await checkCallbackUrl(url, { resolve });
    expect(check).toEqual({ ok: false, retry: false, reason: expect.stringMatching(reason) });
    expect(resolve).not.toHaveBeenCalled();
  });

  it('given a name that resolves to a private address among public ones, then it is refused and the address is named', async () => {
    const resolve = resolver({ 'intern.gemeente.example': ['145.21.0.10', '10.0.0.7'] });
    const check = await checkCallbackUrl('https://intern.gemeente.example/hook', { resolve });
    expect(check).toEqual({ ok: false, retry: false, reason: 'callbackUrl wijst naar intern.gemeente.example (10.0.0.7), een adres in een privénetwerk; alleen openbare adressen zijn toegestaan' });
  });

  it('given a name that resolves to an IPv4-mapped loopback address, then it is refused', async () => {
    const resolve = resolver({ 'sluw.example': ['::ffff:127.0.0.1'] });
    expect(await checkCallbackUrl('https://sluw.example/', { resolve })).toMatchObject({ ok: false, reason: expect.stringMatching(/loopback/) });
  });

  it('given a name that does not resolve, then it may be retried at delivery, or accepted when asked', async () => {
    const resolve = resolver({});
    expect(await checkCallbackUrl('https://nog-niet.example/', { resolve })).toEqual({ ok: false, retry: true, reason: 'De naam nog-niet.example van callbackUrl is niet te vinden' });
    expect(await checkCallbackUrl('https://nog-niet.example/', { resolve, onUnresolved: 'accept' })).toEqual({ ok: true, addresses: [] });
  });

  it('given http and private addresses are allowed by configuration, then a local receiver passes', async () => {
    const policy = webhookPolicyFromEnv({ WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE: 'true' });
    expect(await checkCallbackUrl('http://127.0.0.1:8080/hook', { policy })).toMatchObject({ ok: true });
  });

  it('given only private addresses are allowed, then http stays refused but https to localhost passes', async () => {
    const policy = webhookPolicyFromEnv({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    expect(await checkCallbackUrl('http://127.0.0.1/hook', { policy })).toMatchObject({ ok: false });
    expect(await checkCallbackUrl('https://localhost/hook', { policy })).toMatchObject({ ok: true });
  });

  it('given only http is allowed, then http to a public name passes and to a private address does not', async () => {
    const policy = webhookPolicyFromEnv({ WEBHOOK_ALLOW_HTTP: 'true' });
    expect(await checkCallbackUrl('http://ontvanger.gemeente.example/', { policy, resolve: publiek })).toMatchObject({ ok: true });
    expect(await checkCallbackUrl('http://192.168.0.1/', { policy })).toMatchObject({ ok: false });
    expect(await checkCallbackUrl('ftp://ontvanger.gemeente.example/', { policy, resolve: publiek })).toEqual({ ok: false, retry: false, reason: 'callbackUrl moet een http(s)-adres zijn' });
  });

  it('reads the allowances only from the literal value true', () => {
    expect(webhookPolicyFromEnv({})).toEqual({ allowHttp: false, allowPrivate: false });
    expect(webhookPolicyFromEnv({ WEBHOOK_ALLOW_HTTP: '1', WEBHOOK_ALLOW_PRIVATE: 'yes' })).toEqual({ allowHttp: false, allowPrivate: false });
  });
});
