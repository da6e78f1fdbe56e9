import { generateKeyPairSync } from 'node:crypto';
import { Auth, loadKey } from '@fanoutio/grip';
import fc from 'fast-check';
import { importSPKI, jwtVerify } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GripProxy } from '../config.js';
import { publishAuthorization } from './auth.js';

// The Authorization header core sends is the one @fanoutio/grip sent for the
// same GRIP_URL entry, byte for byte where signing is deterministic (HS256,
// Basic, Bearer); the older PEM forms of private keys, which Node writes and
// Web Crypto does not read, sign too.

afterEach(() => {
  vi.useRealTimers();
});

describe('publish Authorization, compared with @fanoutio/grip', () => {
  it('HS256 tokens are the same bytes for any secret and issuer', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ minLength: 1 }).filter((k) => !/^(base64:|\s*[{-])/.test(k)),
          fc
            .uint8Array({ minLength: 1, maxLength: 48 })
            .map((b) => `base64:${Buffer.from(b).toString('base64')}`),
        ),
        fc.string({ minLength: 1 }),
        async (key, iss) => {
          // Each case its own proxy: a token is reused per proxy for a minute.
          const ours = await publishAuthorization({ controlUri: 'http://p.test', controlIss: iss, key });
          const theirs = await new Auth.Jwt({ iss }, loadKey(key), 'HS256').buildHeader();
          expect(ours).toBe(theirs);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('Basic and Bearer headers are the same', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.option(fc.string(), { nil: undefined }), async (user, pass) => {
        const proxy: GripProxy = { controlUri: 'http://p.test', user };
        if (pass !== undefined) proxy.pass = pass;
        expect(await publishAuthorization(proxy)).toBe(await new Auth.Basic(user, pass ?? '').buildHeader());
        expect(await publishAuthorization({ controlUri: 'http://p.test', key: user })).toBe(
          await new Auth.Bearer(user).buildHeader(),
        );
      }),
    );
    expect(await publishAuthorization({ controlUri: 'http://p.test' })).toBeUndefined();
  });

  it('an EC private key in SEC 1 PEM ("EC PRIVATE KEY") signs ES256', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      privateKeyEncoding: { type: 'sec1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const header = await publishAuthorization({
      controlUri: 'http://p.test',
      controlIss: 'me',
      key: privateKey,
    });
    const { payload, protectedHeader } = await jwtVerify(
      header!.slice('Bearer '.length),
      await importSPKI(publicKey, 'ES256'),
    );
    expect(protectedHeader).toEqual({ alg: 'ES256' });
    expect(payload.iss).toBe('me');
  });

  it('an RSA private key in PKCS#1 PEM ("RSA PRIVATE KEY") signs RS256', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const header = await publishAuthorization({
      controlUri: 'http://p.test',
      controlIss: 'me',
      key: privateKey,
    });
    const { payload, protectedHeader } = await jwtVerify(
      header!.slice('Bearer '.length),
      await importSPKI(publicKey, 'RS256'),
    );
    expect(protectedHeader).toEqual({ alg: 'RS256' });
    expect(payload.iss).toBe('me');
  });

  it('an EC key on another curve is refused by name', async () => {
    const { privateKey } = generateKeyPairSync('ec', {
      namedCurve: 'P-384',
      privateKeyEncoding: { type: 'sec1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const pkcs8 = generateKeyPairSync('ec', {
      namedCurve: 'P-384',
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    }).privateKey;
    for (const key of [privateKey, pkcs8]) {
      await expect(
        publishAuthorization({ controlUri: 'http://p.test', controlIss: 'me', key }),
      ).rejects.toThrow(/curve other than P-256/);
    }
  });
});
