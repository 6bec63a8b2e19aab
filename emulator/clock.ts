// The emulator's clock: real time plus an offset that tests move forward (POST /emulator/v1/clock),
// so code expiry and token lifetimes can be exercised without waiting. Time never goes back,
// except on reset.
export interface Clock {
  nowMs(): number;
  nowSeconds(): number;
  /** Seconds the clock has been moved forward since start or the last reset. */
  offsetSeconds(): number;
  advance(seconds: number): void;
  reset(): void;
}

export function createClock(realNowMs: () => number = Date.now): Clock {
  let offsetMs = 0;
  // Real clocks can step back (NTP); the emulator's never does.
  let lastMs = 0;
  const nowMs = () => {
    lastMs = Math.max(lastMs, realNowMs() + offsetMs);
    return lastMs;
  };
  return {
    nowMs,
    nowSeconds: () => Math.floor(nowMs() / 1000),
    offsetSeconds: () => Math.floor(offsetMs / 1000),
    advance(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('the clock only moves forward');
      offsetMs += seconds * 1000;
    },
    reset() {
      offsetMs = 0;
      lastMs = 0;
    },
  };
}
