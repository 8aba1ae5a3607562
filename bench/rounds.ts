import { Bench } from 'tinybench';

export type Tasks = Record<string, () => unknown>;
/** Each task's median time per call (ms) in each round, in round order. */
export type RoundMedians = Record<string, number[]>;

/**
 * Times that hold still: the tasks run in several short rounds, in a rotated order each round,
 * and each round gives each task its median. On a shared 2-core machine one long pass per task
 * lets drift (GC, the other core's load) land on whichever task ran at the time; within a round
 * the tasks see the same machine, so ratios taken round by round cancel most of the drift.
 */
export async function measureRounds(tasks: Tasks, { rounds = 7, roundMs = 700 } = {}): Promise<RoundMedians> {
  const names = Object.keys(tasks);
  const perRound: RoundMedians = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    // Warm once: after the first round every task is hot, and warming again would halve short rounds.
    const bench = new Bench({ time: roundMs, warmupTime: round === 0 ? 300 : 0, warmupIterations: round === 0 ? 16 : 0 });
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    for (const name of order) bench.add(name, tasks[name]!);
    await bench.run();
    for (const task of bench.tasks) {
      const { latency } = task.result as { latency: { p50: number } };
      perRound[task.name]!.push(latency.p50);
    }
  }
  return perRound;
}

/** A task's ratio to a baseline: the median of its round-by-round ratios, with their interquartile range. */
export function ratioTo(perRound: RoundMedians, name: string, baseline: string): { median: number; low: number; high: number } {
  const ratios = perRound[name]!.map((ms, round) => ms / perRound[baseline]![round]!);
  return { median: quantile(ratios, 0.5), low: quantile(ratios, 0.25), high: quantile(ratios, 0.75) };
}

export function median(values: number[]): number {
  return quantile(values, 0.5);
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  return sorted[below]! + (sorted[Math.ceil(at)]! - sorted[below]!) * (at - below);
}
