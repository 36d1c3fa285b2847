// Reads ffmpeg's `-progress pipe:1` output: blocks of key=value lines, each ending with `progress=continue|end`.

export function createProgressParser(totalSeconds: number, onFraction: (fraction: number) => void) {
  return (line: string) => {
    const separator = line.indexOf('=');
    if (separator < 0) return;
    const key = line.slice(0, separator);
    const value = line.slice(separator + 1).trim();
    if (key === 'out_time_us' || key === 'out_time_ms') {
      // ffmpeg writes microseconds under both names
      const seconds = Number(value) / 1e6;
      if (Number.isFinite(seconds) && totalSeconds > 0)
        onFraction(Math.min(1, Math.max(0, seconds / totalSeconds)));
    } else if (key === 'progress' && value === 'end') {
      onFraction(1);
    }
  };
}

export const PROGRESS_ARGS = ['-progress', 'pipe:1', '-nostats'] as const;

/** Leading ffmpeg flags of every run: no banner, errors only, overwrite. */
export const QUIET_ARGS = ['-hide_banner', '-loglevel', 'error', '-y'] as const;
