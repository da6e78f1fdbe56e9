/** The Grip-Sig key and issuer every bench proxy, load generator and origin shares. */
export const SIG_KEY = 'bench-sig-key-0123456789abcdef';
export const SIG_ISS = 'pushpin';

/** Environment for a faas-grip origin that verifies every Grip-Sig with the shared key. */
export const VERIFY_ENV = { GRIP_VERIFY_KEY: SIG_KEY, GRIP_VERIFY_ISS: SIG_ISS };
