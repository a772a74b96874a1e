// GitHub asks for a second between writes, and the throttling plugin obeys;
// the test doubles do not need it.
const unspaced = {
  key: () => ({ schedule: (_o: unknown, fn: () => unknown) => fn() }),
};

/** Octokit throttling options for tests: writes not spaced, rate-limit waits of 1 s. */
export const throttleOverrides = {
  write: unspaced,
  notifications: unspaced,
  retryAfterBaseValue: 1,
};
