import type { Spread } from './stats.js';

/** One row of the results table. */
export interface FigureResult {
  title: string;
  /** ours / baseline: median over the rounds, with min–max. */
  ratio: Spread;
  /** The medians behind the ratio, and anything shown beside it (CPU per request, p99), already formatted. */
  ours: string;
  baseline: string;
  goal: string;
  met: boolean;
  rounds: number;
}

function fixed(value: number): string {
  return value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function formatRatio(ratio: Spread): string {
  return `${fixed(ratio.median)} (${fixed(ratio.min)}–${fixed(ratio.max)})`;
}

export function markdownTable(results: readonly FigureResult[]): string {
  const lines = [
    '| figure | ours / baseline, median (min–max) | ours | baseline | goal | met | rounds |',
    '| --- | ---: | ---: | ---: | --- | :---: | ---: |',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.title} | ${formatRatio(r.ratio)} | ${r.ours} | ${r.baseline} | ${r.goal} | ${r.met ? 'yes' : '**no**'} | ${r.rounds} |`,
    );
  }
  return lines.join('\n');
}

/** Thousands with a thin grouping, as `12.8k`. */
export function perSecond(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(1)}k/s` : `${value.toFixed(0)}/s`;
}
