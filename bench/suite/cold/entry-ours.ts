// The Lambda echo on @faas-grip/aws-lambda, as a deployed function's entry (settings from the environment).
import { handle } from '@faas-grip/aws-lambda';
import { echo } from '../echo/ours.js';

export const handler = handle(echo);
