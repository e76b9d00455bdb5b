import { useEffect, useRef, type RefObject } from 'react';

/** A ref that always holds the latest `value`, for callbacks that must not restart effects when it changes. */
export function useLatest<T>(value: T): RefObject<T> {
  const latest = useRef(value);
  useEffect(() => {
    latest.current = value;
  }, [value]);
  return latest;
}
