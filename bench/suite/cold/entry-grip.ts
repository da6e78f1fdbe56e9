// The hand-written grip Lambda echo, as a deployed function's entry (settings from the environment).
import { gripLambda } from '../lambda/grip-handler.js';

const key = process.env.GRIP_VERIFY_KEY;
export const handler = gripLambda(
  key === undefined ? undefined : new TextEncoder().encode(key),
  process.env.GRIP_VERIFY_ISS ?? '',
);
