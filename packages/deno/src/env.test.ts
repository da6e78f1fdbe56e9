import { GripConfigError } from '@faas-grip/core';
import { describe, expect, it } from 'vitest';
import { denoEnv } from './env.js';
import { fakeDeno } from './test-support.js';

describe('denoEnv', () => {
  it('reads the variables --allow-env grants', () => {
    const env = denoEnv(fakeDeno({ GRIP_PREFIX: 'app-', GREETING: 'hi' }, ['GRIP_PREFIX', 'GREETING']));
    expect(env.GRIP_PREFIX).toBe('app-');
    expect(env.GREETING).toBe('hi');
    expect(env.UNSET_BUT_GRANTED).toBeUndefined();
  });

  it('gives undefined for a variable of the app that was not granted, without asking Deno for it', () => {
    const deno = fakeDeno({ SECRET: 's3cr3t' }, ['GRIP_*']);
    const env = denoEnv(deno);
    expect(env.SECRET).toBeUndefined();
    expect('SECRET' in env).toBe(false);
    // env.get of an ungranted name prompts on a terminal and throws without one.
    expect(deno.reads).not.toContain('SECRET');
  });

  it.each(['GRIP_URL', 'GRIP_VERIFY_KEY', 'GRIP_VERIFY_ISS', 'GRIP_PREFIX', 'GRIP_META_KEY'])(
    'refuses to treat %s as unset when Deno may not read it, naming the flag and no value',
    (name) => {
      const env = denoEnv(fakeDeno({ [name]: 'http://user:pass@proxy?key=k3y' }, ['OTHER']));
      const read = () => env[name];
      expect(read).toThrow(GripConfigError);
      expect(read).toThrow(`Deno may not read ${name}: run it with --allow-env=GRIP_*`);
      try {
        read();
      } catch (error) {
        expect(String((error as Error).message)).not.toMatch(/pass|k3y/);
      }
    },
  );

  it('is read-only', () => {
    const env = denoEnv(fakeDeno({ A: '1' }, ['A']));
    expect(() => {
      env.A = '2';
    }).toThrow(TypeError);
    expect(() => {
      delete env.A;
    }).toThrow(TypeError);
    expect(env.A).toBe('1');
  });

  it('lists its variables only when Deno may read all of them', () => {
    expect(Object.keys(denoEnv(fakeDeno({ A: '1', B: '2' }, ['*'])))).toEqual(['A', 'B']);
    expect({ ...denoEnv(fakeDeno({ A: '1' }, ['*'])) }).toEqual({ A: '1' });
    expect(Object.keys(denoEnv(fakeDeno({ A: '1' }, ['A'])))).toEqual([]);
  });

  it('answers undefined for a name Deno rejects', () => {
    expect(denoEnv(fakeDeno({}, ['*']))['']).toBeUndefined();
  });
});
