import { Bench } from 'tinybench';

export type Tasks = Record<string, () => unknown>;

/**
 * Medians that hold still: the tasks run in several short rounds, in a rotated order each round,
 * and each task's figure is the median of its round medians. On a shared 2-core machine one long
 * pass per task lets drift (GC, the other core's load) land on whichever task ran at the time.
 */
export async function medianOfRounds(tasks: Tasks, { rounds = 7, roundMs = 700 } = {}): Promise<Record<string, number>> {
  const names = Object.keys(tasks);
  const perRound: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: roundMs, warmupTime: round === 0 ? 300 : 50 });
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    for (const name of order) bench.add(name, tasks[name]!);
    await bench.run();
    for (const task of bench.tasks) {
      const { latency } = task.result as { latency: { p50: number } };
      perRound[task.name]!.push(latency.p50);
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(perRound[name]!)]));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
