import { gripSigner } from '@faas-grip/dev';
import { SIG_ISS, SIG_KEY } from './keys.js';

/**
 * A Pushpin-style `Grip-Sig` source: Pushpin mints an HS256 token with
 * exp = now + 3600 s for every request, so tokens minted within the same
 * second are byte-identical. Minting once per second gives the origin the
 * same tokens Pushpin would, without signing on the load generator's core
 * for every request.
 */
export function pushpinGripSig(): () => string {
  const sign = gripSigner({ iss: SIG_ISS, key: SIG_KEY });
  if (sign === undefined) throw new Error('signing is off');
  let second = -1;
  let token = '';
  return () => {
    const now = Math.floor(Date.now() / 1000);
    if (now !== second) {
      second = now;
      token = sign();
    }
    return token;
  };
}
