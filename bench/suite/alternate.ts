import { type Spread, spread } from './stats.js';

/** One side's measurement in one round: the figure compared, plus whatever else is shown beside it. */
export interface Sample {
  /** The compared quantity (ops/s, msg/s, ms, bytes). */
  value: number;
  /** Secondary quantities (CPU per request, p99), reported as medians. */
  extra?: Record<string, number>;
}

export interface Alternated {
  /** ours / baseline, one per round. */
  ratios: number[];
  ratio: Spread;
  ours: Sample[];
  baseline: Sample[];
}

/**
 * Measures both sides `rounds` times, swapping which goes first every round
 * (A B, B A, A B …), so that a drift in machine load or a warm-up effect
 * weighs on both equally. Each round gives one ratio ours / baseline.
 */
export async function alternate(
  rounds: number,
  ours: (round: number) => Promise<Sample>,
  baseline: (round: number) => Promise<Sample>,
): Promise<Alternated> {
  const a: Sample[] = [];
  const b: Sample[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let mine: Sample;
    let theirs: Sample;
    if (round % 2 === 0) {
      mine = await ours(round);
      theirs = await baseline(round);
    } else {
      theirs = await baseline(round);
      mine = await ours(round);
    }
    a.push(mine);
    b.push(theirs);
    ratios.push(mine.value / theirs.value);
  }
  return { ratios, ratio: spread(ratios), ours: a, baseline: b };
}

/** Median of one secondary quantity over the rounds. */
export function extraMedian(samples: readonly Sample[], name: string): number {
  return spread(samples.map((sample) => sample.extra?.[name] ?? Number.NaN)).median;
}
