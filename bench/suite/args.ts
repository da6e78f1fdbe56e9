import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const FIGURES = ['node', 'lambda', 'lambda-nokey', 'pushpin', 'bundle', 'cold'] as const;
export type FigureName = (typeof FIGURES)[number];

export interface BenchArgs {
  only: FigureName[];
  /** Alternating rounds for every figure (cold start uses `coldRounds` spawns per side). */
  rounds: number;
  /** Seconds per side per round for the Node and Pushpin load figures. */
  seconds: number;
  coldRounds: number;
  out: string;
}

const HELP = `pnpm bench [--rounds N] [--seconds S] [--cold-rounds N] [--only=${FIGURES.join(',')}] [--out FILE]`;

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} wants a positive number\n${HELP}`);
  return value;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      rounds: { type: 'string' },
      seconds: { type: 'string' },
      'cold-rounds': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const only = (values.only?.split(',').filter((name) => name !== '') ?? [...FIGURES]) as FigureName[];
  for (const name of only) {
    if (!FIGURES.includes(name)) throw new Error(`unknown figure "${name}"\n${HELP}`);
  }
  return {
    only,
    rounds: Math.round(positive('rounds', values.rounds, 9)),
    seconds: positive('seconds', values.seconds, 2),
    coldRounds: Math.round(positive('cold-rounds', values['cold-rounds'], 21)),
    out: values.out ?? fileURLToPath(new URL('../results/bench.md', import.meta.url)),
  };
}
