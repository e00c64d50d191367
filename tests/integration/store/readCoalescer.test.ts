// The ledger's read coalescing (pure, no server): callers share an in-flight read only when it was issued
// after their own operation began.
import { describe, expect, it } from "vitest";

import { ReadCoalescer } from "../../../shared/store/readCoalescer.js";

describe("ReadCoalescer", () => {
  it("shares a read issued after the caller began, never one issued before", async () => {
    const coalescer = new ReadCoalescer<number>();
    let loads = 0;
    let release: (v: number) => void = () => undefined;
    const load = (): Promise<number> => {
      loads += 1;
      return new Promise<number>((resolve) => {
        release = resolve;
      });
    };
    const early = ReadCoalescer.now();
    const first = coalescer.read("k", early, load);
    const second = coalescer.read("k", early, load); // began before the read was issued: may share it
    expect(loads).toBe(1);
    await new Promise((r) => setTimeout(r, 2));
    const late = ReadCoalescer.now();
    const third = coalescer.read("k", late, load); // began after it was issued: needs a fresh read
    expect(loads).toBe(2);
    release(2);
    expect(await third).toBe(2);
    expect(coalescer.read("k", late, () => Promise.resolve(3))).not.toBe(third);
    expect(await coalescer.read("other", late, () => Promise.resolve(7))).toBe(7);
    void first;
    void second;
  });

  it("forgets a read once it settles, including failures", async () => {
    const coalescer = new ReadCoalescer<number>();
    await expect(coalescer.read("k", 0, () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await coalescer.read("k", 0, () => Promise.resolve(1))).toBe(1);
  });
});
