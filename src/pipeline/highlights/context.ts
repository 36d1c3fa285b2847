import { levelsBetween, type Envelope } from '../structure/acoustics.ts';
import { transcriptConfidence } from '../structure/confidence.ts';
import { sentenceCues, type SentenceCue } from '../structure/cues.ts';
import type { CueKind } from '../../domain/cues.ts';
import { snapEnd, snapStart } from '../structure/cuts.ts';
import { median } from '../structure/pauses.ts';
import { detectSections, edgeStrengths, type SceneEvidence, type Section } from '../structure/sections.ts';
import type { VoiceAnalysis } from '../structure/voice.ts';
import type { SpokenCue } from '../../engines/transcription/keyword-spotting.ts';
import type { Pause } from '../../engines/vad/index.ts';
import type { Sentence, SentenceBoundary } from '../../domain/transcript.ts';
import { lineFlatness, type LineFlatness } from './features.ts';
import { addVectors, contentTokens, inverseDocumentFrequency, tfidf, type Vector } from './text.ts';

// Everything about a whole talk that scoring one candidate needs: its sentences and their vectors, the
// sections, where each sentence may be cut, what its cues sound like, and how the speaker usually sounds.

export interface TalkContext {
  sentences: readonly Sentence[];
  boundaries: readonly SentenceBoundary[];
  vectors: Vector[];
  idf: Map<string, number>;
  salient: Set<string>;
  /** 0..1, how far the words can be trusted */
  confidence: number;
  /** what makes each sentence flat (vague language, numbers and names), judged once per talk */
  lines: LineFlatness[];
  /** edge strength after each sentence (length sentences − 1) */
  edges: number[];
  sections: Section[];
  /** section index of each sentence */
  sectionOf: number[];
  /** intro, housekeeping, sponsor or outro cue of each sentence, with its strength */
  cues: (SentenceCue | undefined)[];
  /** the kind of each section when a third of its sentences carry that kind's cues */
  sectionKinds: (CueKind | undefined)[];
  /** where a short starting at / ending with each sentence is cut */
  cutStarts: number[];
  cutEnds: number[];
  envelope?: Envelope;
  speechRegions: readonly { start: number; end: number }[];
  innerPauses: readonly Pause[];
  /** median level of the talk's speech, dBFS */
  speechMedianDb: number;
  /** inner pauses per second of speech over the whole talk */
  innerPauseRate: number;
  heatmap: readonly { start: number; end: number; value: number }[];
  band: { min: number; max: number };
}

export interface TalkInput {
  sentences: readonly Sentence[];
  boundaries: readonly SentenceBoundary[];
  windowDuration: number;
  voice?: VoiceAnalysis;
  scenes?: SceneEvidence;
  heatmap?: readonly { start: number; end: number; value: number }[];
  band: { min: number; max: number };
  /** cue phrases heard in the audio by keyword spotting */
  spokenCues?: readonly SpokenCue[];
}

/** A section is of a cue's kind when at least this share of its sentences carry the cue. */
const SECTION_KIND_SHARE = 0.34;

function salientTerms(vectors: readonly Vector[], idf: Map<string, number>): Set<string> {
  const talkVector = addVectors(vectors);
  return new Set(
    [...talkVector.entries()]
      .filter(([term]) => (idf.get(term) ?? 0) > 1.2)
      .sort((a, b) => b[1] - a[1])
      .slice(0, Math.max(10, Math.round(talkVector.size * 0.08)))
      .map(([term]) => term),
  );
}

function sectionKindsOf(sections: readonly Section[], cues: TalkContext['cues']): (CueKind | undefined)[] {
  return sections.map((section) => {
    const count = section.last - section.first + 1;
    const totals = new Map<CueKind, number>();
    for (let i = section.first; i <= section.last; i++) {
      const cue = cues[i];
      if (cue) totals.set(cue.kind, (totals.get(cue.kind) ?? 0) + cue.strength);
    }
    const [kind, total] = [...totals.entries()].sort((a, b) => b[1] - a[1])[0] ?? [undefined, 0];
    return kind && total / count >= SECTION_KIND_SHARE ? kind : undefined;
  });
}

/** Pauses inside sentences (not between them). */
function innerPausesOf(pauses: readonly Pause[], boundaries: readonly SentenceBoundary[]): Pause[] {
  return pauses.filter(
    (pause) =>
      pause.duration >= 0.12 &&
      !boundaries.some((b) => pause.start >= b.start - 0.05 && pause.end <= b.end + 0.05),
  );
}

/** End of the last speech before `time` (any speech, with or without recognised words). */
function speechEndBefore(
  regions: readonly { start: number; end: number }[],
  time: number,
): number | undefined {
  let found: number | undefined;
  for (const region of regions) if (region.end <= time + 0.001) found = region.end;
  return found;
}

function speechStartAfter(
  regions: readonly { start: number; end: number }[],
  time: number,
): number | undefined {
  return regions.find((region) => region.start >= time - 0.001)?.start;
}

export function buildTalkContext(input: TalkInput): TalkContext {
  const { sentences, boundaries } = input;
  const documents = sentences.map((sentence) => contentTokens(sentence.text));
  const idf = inverseDocumentFrequency(documents);
  const vectors = documents.map((document) => tfidf(document, idf));
  const confidence = transcriptConfidence(sentences.flatMap((sentence) => sentence.words));
  const edges = edgeStrengths({
    boundaries,
    vectors,
    textConfidence: confidence,
    scenes: input.scenes,
  });
  const sections = detectSections(sentences, edges);
  const sectionOf = sentences.map((_, index) =>
    sections.findIndex((s) => index >= s.first && index <= s.last),
  );
  const cues = sentenceCues(sentences, {
    windowDuration: input.windowDuration,
    confidence,
    spoken: input.spokenCues,
  });
  const envelope = input.voice?.envelope;
  const speechRegions = input.voice?.activity.regions ?? sentences;
  const speechDb = envelope
    ? speechRegions.flatMap((region) => levelsBetween(envelope, region.start, region.end))
    : [];
  const innerPauses = innerPausesOf(input.voice?.activity.pauses ?? [], boundaries);
  const speakingSeconds = speechRegions.reduce((sum, region) => sum + region.end - region.start, 0);
  return {
    sentences,
    boundaries,
    vectors,
    idf,
    salient: salientTerms(vectors, idf),
    confidence,
    lines: sentences.map((sentence) => lineFlatness(sentence.text)),
    edges,
    sections,
    sectionOf,
    cues,
    sectionKinds: sectionKindsOf(sections, cues),
    cutStarts: sentences.map((sentence) =>
      snapStart(sentence.start, speechEndBefore(speechRegions, sentence.start), envelope),
    ),
    cutEnds: sentences.map((sentence) =>
      snapEnd(sentence.end, speechStartAfter(speechRegions, sentence.end), input.windowDuration, envelope),
    ),
    envelope,
    speechRegions,
    innerPauses,
    speechMedianDb: speechDb.length ? median(speechDb) : Number.NaN,
    innerPauseRate: speakingSeconds > 0 ? innerPauses.length / speakingSeconds : Number.NaN,
    heatmap: input.heatmap ?? [],
    band: input.band,
  };
}
