"use client";
// The current time, ticking every `intervalMs`; null during server rendering and hydration, so
// dates that depend on the browser's clock and time zone never cause a hydration mismatch.
import { useEffect, useState } from "react";

export function useNow(intervalMs = 30_000): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
