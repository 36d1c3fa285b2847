// Arguments that ask ffmpeg or ffprobe about themselves rather than about a file (what `clipforge doctor` reads).

/** The tool's version banner; its first line names the version. */
export function versionArgs(): string[] {
  return ['-hide_banner', '-version'];
}

/** ffmpeg's list of its encoders or its filters, one a line after a legend. */
export function capabilityListArgs(kind: 'encoders' | 'filters'): string[] {
  return ['-hide_banner', `-${kind}`];
}
