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
