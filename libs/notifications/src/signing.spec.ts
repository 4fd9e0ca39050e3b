import { signPayload, verifySignature } from './signing';

const secret = 'abonnement-geheim';
const body = JSON.stringify({ kanaal: 'besluiten', resourceUrl: 'https://x/besluiten/b-1' });
const t = 1_747_000_000;

describe('webhook signature', () => {
  it('writes the header as t=<seconds>,v1=<64 hex>', () => {
    expect(signPayload(secret, body, t)).toMatch(/^t=1747000000,v1=[0-9a-f]{64}$/);
  });

  it('given an untouched body within the tolerance, then the receiver accepts it', () => {
    expect(verifySignature(secret, body, signPayload(secret, body, t), { now: t + 60 })).toEqual({ valid: true, timestamp: t });
  });

  it('given a changed body or a different secret, then it is rejected', () => {
    const header = signPayload(secret, body, t);
    expect(verifySignature(secret, body.replace('b-1', 'b-2'), header, { now: t })).toEqual({ valid: false, reason: 'mismatch' });
    expect(verifySignature('ander-geheim', body, header, { now: t })).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('given a replay after the tolerance, then it is rejected even with a correct signature', () => {
    expect(verifySignature(secret, body, signPayload(secret, body, t), { now: t + 301 })).toEqual({ valid: false, reason: 'expired' });
    expect(verifySignature(secret, body, signPayload(secret, body, t), { now: t + 3600, toleranceSeconds: 7200 }).valid).toBe(true);
  });

  it('given a timestamp swapped into a captured header, then the signature no longer fits', () => {
    const forged = signPayload(secret, body, t).replace(`t=${t}`, `t=${t + 1000}`);
    expect(verifySignature(secret, body, forged, { now: t + 1000 })).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('accepts one of several v1 values, so a secret can be rotated', () => {
    const oldSig = signPayload('oud-geheim', body, t).split(',')[1];
    const header = `${signPayload(secret, body, t)},${oldSig}`;
    expect(verifySignature('oud-geheim', body, header, { now: t }).valid).toBe(true);
    expect(verifySignature(secret, body, header, { now: t }).valid).toBe(true);
  });

  it.each([
    [undefined, 'missing'],
    ['', 'missing'],
    ['v1=abc', 'malformed'],
    ['t=abc,v1=00', 'malformed'],
    ['garbage', 'malformed'],
    [`t=${t},v1=zz`, 'mismatch'],
  ])('rejects header %p as %s', (header, reason) => {
    expect(verifySignature(secret, body, header, { now: t })).toEqual({ valid: false, reason });
  });
});
