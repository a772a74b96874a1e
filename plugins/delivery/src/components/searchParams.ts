import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * Sets (or, for undefined and '', removes) parameters of the page's address,
 * keeping the others, without a new history entry: a view's choices.
 */
export function useSearchParamsUpdate() {
  const [, setParams] = useSearchParams();
  return useCallback(
    (changes: Record<string, string | undefined>) =>
      setParams(
        previous => {
          const next = new URLSearchParams(previous);
          for (const [name, value] of Object.entries(changes)) {
            if (value === undefined || value === '') next.delete(name);
            else next.set(name, value);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
}
