// `npm run bench -- explainer`: how long the challenge explainer's parse + decide
// takes on each hostile 64 KB header (median of 20 runs after a warm-up).
import { adversarial, explain } from '../../examples/client/adversarial-challenges.ts';

const RUNS = 20;
for (const [name, input] of Object.entries(adversarial())) {
  const outcome = await explain(input); // warm-up, as a page would be by the second click
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await explain(input);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${times[RUNS >> 1]!.toFixed(2).padStart(8)} ms median, ${times.at(-1)!.toFixed(2).padStart(8)} ms max  ${name} (${input.length} chars) -> ${outcome}`,
  );
}
