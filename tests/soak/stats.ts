// Figures of a soak run: latency percentiles per kind of request, and memory growth.

/** The p-th percentile (nearest rank) of `values`, in their unit; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? 0;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** One memory sample of the server process. */
export interface MemorySample {
  /** Seconds since load began. */
  t: number;
  rssMb: number;
}

export interface MemoryGrowth {
  /** Median RSS over the first and the last fifth of the measured samples. */
  startMb: number;
  endMb: number;
  maxMb: number;
  growthMb: number;
  growthPct: number;
  /** Least-squares slope of RSS over time, MB per minute: steady growth shows here. */
  slopeMbPerMin: number;
  samples: number;
}

/**
 * Growth over the samples after warm-up. A leak grows steadily; noise (GC, allocator) swings
 * both ways, so both the first-fifth/last-fifth medians and the fitted slope are reported.
 */
export function memoryGrowth(samples: readonly MemorySample[]): MemoryGrowth {
  const n = samples.length;
  const fifth = Math.max(1, Math.floor(n / 5));
  const startMb = median(samples.slice(0, fifth).map((s) => s.rssMb));
  const endMb = median(samples.slice(-fifth).map((s) => s.rssMb));
  const meanT = samples.reduce((a, s) => a + s.t, 0) / (n || 1);
  const meanR = samples.reduce((a, s) => a + s.rssMb, 0) / (n || 1);
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.t - meanT) * (s.rssMb - meanR);
    den += (s.t - meanT) ** 2;
  }
  return {
    startMb,
    endMb,
    maxMb: Math.max(0, ...samples.map((s) => s.rssMb)),
    growthMb: endMb - startMb,
    growthPct: startMb > 0 ? ((endMb - startMb) / startMb) * 100 : 0,
    slopeMbPerMin: den > 0 ? (num / den) * 60 : 0,
    samples: n,
  };
}
