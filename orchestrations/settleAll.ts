// Fan-out where one task failing after its retries must not fail the rest (Task.all fails fast). After a
// failed Task.all every child is still scheduled exactly once; yielding each child then answers it from
// history (completed), or waits for it (still running), without scheduling anything again.
import type * as df from "durable-functions";
import type { OrchestrationContext } from "durable-functions";

export type Settled = { ok: true; value: unknown } | { ok: false };

export function* settleAll(
  context: OrchestrationContext,
  tasks: readonly df.Task[],
): Generator<df.Task, Settled[], unknown> {
  try {
    const values = (yield context.df.Task.all([...tasks])) as unknown[];
    return values.map((value) => ({ ok: true, value }));
  } catch {
    const settled: Settled[] = [];
    for (const task of tasks) {
      try {
        settled.push({ ok: true, value: yield task });
      } catch {
        settled.push({ ok: false });
      }
    }
    return settled;
  }
}

/**
 * One fan-out step per input; an input whose step failed after every retry gets `fallback` instead (which
 * records its items as failed), so one bad shard or batch never stops the others. Answers in input order.
 */
export function* eachOrFallback<I>(
  context: OrchestrationContext,
  inputs: readonly I[],
  step: (input: I) => df.Task,
  fallback: (input: I) => df.Task,
): Generator<df.Task, unknown[], unknown> {
  const settled = yield* settleAll(context, inputs.map(step));
  const gaveUp = inputs.filter((_, i) => settled[i]?.ok !== true);
  const replaced =
    gaveUp.length === 0 ? [] : ((yield context.df.Task.all(gaveUp.map(fallback))) as unknown[]);
  let next = 0;
  return settled.map((s) => (s.ok ? s.value : replaced[next++]));
}
