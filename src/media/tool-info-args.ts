// Arguments that ask ffmpeg or ffprobe about themselves rather than about a file (what `clipforge doctor` reads).

/** The tool's version banner; its first line names the version. */
export function versionArgs(): string[] {
  return ['-hide_banner', '-version'];
}

/** ffmpeg's help of one filter, its options listed. */
export function filterHelpArgs(filter: string): string[] {
  return ['-hide_banner', '-h', `filter=${filter}`];
}

/** ffmpeg's list of its encoders or its filters, one a line after a legend. */
export function capabilityListArgs(kind: 'encoders' | 'filters'): string[] {
  return ['-hide_banner', `-${kind}`];
}
