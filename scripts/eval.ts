// npm run eval — transcription accuracy, cut points, section purity and highlight ranking on the generated
// corpus: clean talks and talks with a music bed and room tone under the speech.
// Every short found on the recogniser's transcript is rendered and its loudness measured (music mixed into the
// first clean talk's shorts).
// Usage: npm run eval -- [--talks 3] [--noisy 1] [--duration 300] [--engine auto|whisper|pocketsphinx|openai]
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { averagePrecision, alignWords, median, normalizeWords, wordErrorRate } from '../src/eval/metrics.ts';
import { cutPointHits, dominantTopic, highlightRelevance, sectionPurity } from '../src/eval/relevance.ts';
import { renderedShortLoudness, type ShortLoudness } from '../src/eval/short-loudness.ts';
import { LOUDNESS_TARGET } from '../src/media/loudness.ts';
import { extractAudio } from '../src/media/audio.ts';
import { mediaTools } from '../src/media/tools.ts';
import { findHighlights } from '../src/pipeline/highlights/index.ts';
import { spotCues, type SpokenCue } from '../src/engines/transcription/keyword-spotting.ts';
import { needsSpokenCues } from '../src/pipeline/run.ts';
import { analyseVoice, type VoiceAnalysis } from '../src/pipeline/structure/voice.ts';
import { transcribe, transcriptFromWords } from '../src/pipeline/transcribe/index.ts';
import { TRANSCRIBERS, type Highlight, type Transcriber, type Transcript } from '../src/pipeline/types.ts';
import { sceneCutsIn } from '../src/pipeline/framing/scene-probe.ts';
import {
  generateSampleTalk,
  type GeneratedSample,
  type SampleBackground,
  type SampleTruth,
} from '../src/sample/generate.ts';

const { values } = parseArgs({
  options: {
    talks: { type: 'string', default: '3' },
    noisy: { type: 'string', default: '1' },
    duration: { type: 'string', default: '300' },
    engine: { type: 'string' },
  },
});
const config = loadConfig();
const engine = (values.engine ?? config.transcriber) as Transcriber;
if (!TRANSCRIBERS.includes(engine)) throw new Error(`--engine must be one of ${TRANSCRIBERS.join(', ')}`);
const log = {
  info: (m: string) => process.stderr.write(`${m}\n`),
  warn: (m: string) => process.stderr.write(`${m}\n`),
};
const signal = new AbortController().signal;
const corpusDir = path.join(config.dataDir, 'eval-corpus');
const scratch = path.join(os.tmpdir(), `clipforge-eval-${process.pid}`);
await mkdir(scratch, { recursive: true });

interface Ranking {
  hitAt1: number;
  ap: number;
  shorts: number;
  cutPoints: { good: number; total: number };
  /** share of each short inside its main topic, best first */
  purity: number[];
  /** top-half shorts mostly in housekeeping, sponsor or outro */
  unwantedInTopHalf: number;
}

interface TalkScore {
  seed: number;
  background: SampleBackground;
  engine: string;
  wer: number;
  medianTimingErrorMs: number;
  vadRealtimeRatio: number;
  vadCpuRealtimeRatio: number;
  rankingOnTruth: Ranking;
  rankingOnEngine: Ranking;
  loudness: ShortLoudness[];
}

function judge(highlights: Highlight[], truth: SampleTruth): Ranking {
  const relevant = highlights.map((h) => highlightRelevance(h, truth.topics));
  const topHalf = highlights.slice(0, Math.ceil(highlights.length / 2));
  return {
    hitAt1: relevant[0] ? 1 : 0,
    ap: averagePrecision(relevant),
    shorts: highlights.length,
    cutPoints: cutPointHits(highlights, truth.sentences),
    purity: highlights.map((h) => Math.round(sectionPurity(h, truth.topics) * 1000) / 1000),
    unwantedInTopHalf: topHalf.filter((h) => dominantTopic(h, truth.topics)?.kind !== 'content').length,
  };
}

async function rank(
  transcript: Transcript,
  sample: GeneratedSample,
  voice: VoiceAnalysis,
  spokenCues?: SpokenCue[],
) {
  const { truth } = sample;
  const highlights = await findHighlights({
    transcript,
    spokenCues,
    windowDuration: truth.duration,
    preferredLength: 'under60sec',
    noClipping: false,
    voice,
    sceneCutsIn: (stretches) =>
      sceneCutsIn(sample.videoPath, stretches, { signal, tools: mediaTools(config) }),
    language: 'en',
    signal,
    log,
  });
  return { ranking: judge(highlights, truth), highlights };
}

const talks: { seed: number; background: SampleBackground }[] = [
  ...Array.from({ length: Number(values.talks) }, (_, i) => ({
    seed: i + 1,
    background: 'silence' as const,
  })),
  ...Array.from({ length: Number(values.noisy) }, (_, i) => ({
    seed: 101 + i,
    background: 'music-and-room' as const,
  })),
];
const scores: TalkScore[] = [];
try {
  for (const { seed, background } of talks) {
    log.info(`talk ${seed} (${background}): generating ${values.duration}s sample`);
    const sample = await generateSampleTalk({
      durationSeconds: Number(values.duration),
      seed,
      width: 640,
      height: 360,
      background,
      outDir: corpusDir,
      name: `eval-talk-${seed}-${background}`,
    });
    const { truth } = sample;
    const wavPath = path.join(scratch, `talk-${seed}.wav`);
    await extractAudio(sample.videoPath, 0, truth.duration, wavPath, mediaTools(config), { signal });
    const voice = await analyseVoice(wavPath, signal);
    log.info(`talk ${seed}: transcribing with ${engine}`);
    const recognised = await transcribe({
      wavPath,
      layout: voice.activity,
      duration: truth.duration,
      language: 'en',
      engine,
      signal,
      log,
      modelsDir: path.join(config.dataDir, 'models'),
      whisperModel: config.whisperModel,
      openai: config.openaiBaseUrl
        ? { baseUrl: config.openaiBaseUrl, apiKey: config.openaiApiKey, model: config.openaiTranscribeModel }
        : undefined,
      concurrency: config.concurrency,
      tools: mediaTools(config),
      modelDownload: { baseUrl: config.modelsUrl, allowlist: config.networkAllowlist },
    });

    const referenceTokens = truth.words.flatMap((word) =>
      normalizeWords(word.text).map((token) => ({ token, word })),
    );
    const hypothesisTokens = recognised.words.flatMap((word) =>
      normalizeWords(word.text).map((token) => ({ token, word })),
    );
    const alignment = alignWords(
      referenceTokens.map((t) => t.token),
      hypothesisTokens.map((t) => t.token),
    );
    const timingErrors = alignment.matches.map(
      ([r, h]) => Math.abs(referenceTokens[r].word.start - hypothesisTokens[h].word.start) * 1000,
    );
    const truthTranscript = transcriptFromWords(truth.words, 'en', 'truth', voice.activity);
    const spokenCues = needsSpokenCues(recognised) ? await spotCues(wavPath, { signal, log }) : undefined;
    const onEngine = await rank(recognised, sample, voice, spokenCues);
    log.info(`talk ${seed}: rendering ${onEngine.highlights.length} shorts to measure their loudness`);
    const loudness = await renderedShortLoudness(
      onEngine.highlights,
      { videoPath: sample.videoPath, width: 640, height: 360, transcript: recognised },
      {
        outDir: scratch,
        assetsDir: config.assetsDir!,
        music: background === 'silence' && seed === 1,
        tools: mediaTools(config),
        signal,
      },
    );
    scores.push({
      seed,
      background,
      engine: recognised.engine,
      wer: wordErrorRate(
        referenceTokens.map((t) => t.token),
        hypothesisTokens.map((t) => t.token),
      ),
      medianTimingErrorMs: median(timingErrors),
      vadRealtimeRatio: Math.round((voice.seconds / truth.duration) * 10000) / 10000,
      vadCpuRealtimeRatio: Math.round((voice.cpuSeconds / truth.duration) * 10000) / 10000,
      rankingOnTruth: (await rank(truthTranscript, sample, voice)).ranking,
      rankingOnEngine: onEngine.ranking,
      loudness,
    });
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

const mean = (list: TalkScore[], pick: (s: TalkScore) => number) =>
  list.length ? list.reduce((sum, s) => sum + pick(s), 0) / list.length : Number.NaN;
const precision = (list: TalkScore[], pick: (s: TalkScore) => Ranking) => {
  const good = list.reduce((sum, s) => sum + pick(s).cutPoints.good, 0);
  const total = list.reduce((sum, s) => sum + pick(s).cutPoints.total, 0);
  return total ? good / total : Number.NaN;
};
const clean = scores.filter((s) => s.background === 'silence');
const noisy = scores.filter((s) => s.background !== 'silence');
const ranking = (pick: (s: TalkScore) => Ranking) => ({
  hitAt1: mean(scores, (s) => pick(s).hitAt1),
  mAP: mean(scores, (s) => pick(s).ap),
  boundaryPrecisionClean: precision(clean, pick),
  boundaryPrecisionNoisy: precision(noisy, pick),
  minSectionPurity: Math.min(...scores.flatMap((s) => pick(s).purity)),
  meanSectionPurity: mean(scores, (s) => pick(s).purity.reduce((a, b) => a + b, 0) / pick(s).purity.length),
  shortsBelow80PercentPurity: scores.reduce(
    (sum, s) => sum + pick(s).purity.filter((p) => p < 0.8).length,
    0,
  ),
  unwantedInTopHalf: scores.reduce((sum, s) => sum + pick(s).unwantedInTopHalf, 0),
  shorts: scores.reduce((sum, s) => sum + pick(s).shorts, 0),
});
const summary = {
  talks: scores.length,
  cleanTalks: clean.length,
  noisyTalks: noisy.length,
  durationSeconds: Number(values.duration),
  engine: scores[0]?.engine ?? engine,
  wordErrorRate: mean(scores, (s) => s.wer),
  medianWordTimingErrorMs: median(scores.map((s) => s.medianTimingErrorMs)),
  vadRealtimeRatio: Math.max(...scores.map((s) => s.vadRealtimeRatio)),
  vadCpuRealtimeRatio: Math.max(...scores.map((s) => s.vadCpuRealtimeRatio)),
  highlightsOnTruthTranscript: ranking((s) => s.rankingOnTruth),
  highlightsOnEngineTranscript: ranking((s) => s.rankingOnEngine),
  loudnessOfShorts: scores.flatMap((s) => s.loudness.map((l) => ({ seed: s.seed, ...l }))),
  perTalk: scores,
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n\n`);
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const rows: [string, string, string][] = [
  [`word error rate (${summary.engine})`, pct(summary.wordErrorRate), ''],
  ['median word-timing error', `${summary.medianWordTimingErrorMs.toFixed(0)} ms`, ''],
  ['VAD wall time (× realtime, worst talk)', summary.vadRealtimeRatio.toFixed(4), '≤ 0.02'],
  ['VAD CPU time (× realtime, worst talk)', summary.vadCpuRealtimeRatio.toFixed(4), '≤ 0.02'],
];
for (const [label, r] of [
  ['truth', summary.highlightsOnTruthTranscript],
  [summary.engine, summary.highlightsOnEngineTranscript],
] as const) {
  rows.push(
    [`HIT@1 (${label} transcript)`, r.hitAt1.toFixed(2), label === 'truth' ? '' : '≥ 0.67'],
    [`mAP   (${label} transcript)`, r.mAP.toFixed(2), ''],
    [`cut points ±0.5 s, clean (${label})`, pct(r.boundaryPrecisionClean), '≥ 95%'],
    [`cut points ±0.5 s, noisy (${label})`, pct(r.boundaryPrecisionNoisy), '≥ 90%'],
    [
      `section purity min / mean (${label})`,
      `${pct(r.minSectionPurity)} / ${pct(r.meanSectionPurity)}`,
      '≥ 80%',
    ],
    [`shorts under 80% purity (${label})`, `${r.shortsBelow80PercentPurity} of ${r.shorts}`, '0'],
    [`unwanted in top half (${label})`, String(r.unwantedInTopHalf), '0'],
  );
}
for (const short of summary.loudnessOfShorts) {
  const label = `loudness, talk ${short.seed} short ${short.rank + 1}${short.music ? ' (music)' : ''}`;
  rows.push(
    [label, `${short.integrated.toFixed(1)} LUFS`, `${LOUDNESS_TARGET.integrated} ± 1`],
    [`  true peak`, `${short.truePeak.toFixed(1)} dBTP`, `≤ ${LOUDNESS_TARGET.truePeak}`],
  );
}
process.stdout.write(`${'metric'.padEnd(46)}${'value'.padEnd(20)}goal\n`);
for (const [label, value, goal] of rows)
  process.stdout.write(`${label.padEnd(46)}${value.padEnd(20)}${goal}\n`);
