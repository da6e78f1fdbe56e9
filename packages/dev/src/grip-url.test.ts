import { readGripConfig } from '@faas-grip/core';
import { describe, expect, it } from 'vitest';
import { gripUrlFor } from './grip-url.js';

describe('gripUrlFor', () => {
  it('gives a GRIP_URL that core reads back with the exact key', () => {
    const key = 'base64:++//AQ==';
    const url = gripUrlFor('http://127.0.0.1:5561', 'pushpin', key);
    expect(url).toBe('http://127.0.0.1:5561?iss=pushpin&key=base64:%2B%2B%2F%2FAQ%3D%3D');
    const config = readGripConfig({ GRIP_URL: url });
    expect(config.proxies).toEqual([{ controlUri: 'http://127.0.0.1:5561', controlIss: 'pushpin', key }]);
    expect(config.verifiers).toHaveLength(1);
  });

  it('leaves the key out when signing is off', () => {
    expect(gripUrlFor('http://127.0.0.1:5561', '', 'k')).toBe('http://127.0.0.1:5561');
  });
});
