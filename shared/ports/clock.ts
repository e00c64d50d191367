// Time and ids come through ports so that logic is testable and orchestrations stay deterministic.
export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new unique, URL-safe id. */
  newId(): string;
}

export const systemClock: Clock = { now: () => new Date() };
