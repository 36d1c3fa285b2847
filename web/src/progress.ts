// The time left of a request, estimated from how fast its progress has risen since the page first saw it.

export interface ProgressSample {
  at: number;
  progress: number;
}

/** Seconds left, or undefined until progress has moved. */
export function secondsLeft(first: ProgressSample, latest: ProgressSample): number | undefined {
  const gained = latest.progress - first.progress;
  if (gained <= 0 || latest.at <= first.at || latest.progress >= 100) return undefined;
  const perPoint = (latest.at - first.at) / 1000 / gained;
  return Math.round(perPoint * (100 - latest.progress));
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}
