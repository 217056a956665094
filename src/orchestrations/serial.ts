/** Runs tasks one at a time per key, in this process. */
export type Serializer = <T>(key: string, task: () => Promise<T>) => Promise<T>;

/** A {@link Serializer}. */
export function createSerializer(): Serializer {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const run = (tails.get(key) ?? Promise.resolve()).then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
