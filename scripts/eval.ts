// npm run eval — transcription accuracy and highlight ranking quality on the generated corpus.
// Usage: npm run eval -- [--talks 3] [--duration 300] [--engine auto|whisper|pocketsphinx|openai]
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { averagePrecision, alignWords, median, normalizeWords, wordErrorRate } from '../src/eval/metrics.ts';
import { highlightRelevance } from '../src/eval/relevance.ts';
import { extractAudio } from '../src/media/audio.ts';
import { mediaTools } from '../src/media/tools.ts';
import { findHighlights } from '../src/pipeline/highlights/index.ts';
import { transcribe, transcriptFromWords } from '../src/pipeline/transcribe/index.ts';
import { TRANSCRIBERS, type Transcriber, type Transcript } from '../src/pipeline/types.ts';
import { generateSampleTalk, type SampleTruth } from '../src/sample/generate.ts';

const { values } = parseArgs({
  options: {
    talks: { type: 'string', default: '3' },
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

interface TalkScore {
  seed: number;
  engine: string;
  wer: number;
  medianTimingErrorMs: number;
  rankingOnTruth: { hitAt1: number; ap: number; shorts: number };
  rankingOnEngine: { hitAt1: number; ap: number; shorts: number };
}

async function rank(transcript: Transcript, truth: SampleTruth, wavPath: string) {
  const highlights = await findHighlights({
    transcript,
    windowDuration: truth.duration,
    preferredLength: 'under60sec',
    noClipping: false,
    wavPath,
    language: 'en',
    signal,
    log,
  });
  const relevant = highlights.map((h) => highlightRelevance(h, truth.topics));
  return { hitAt1: relevant[0] ? 1 : 0, ap: averagePrecision(relevant), shorts: highlights.length };
}

const scores: TalkScore[] = [];
try {
  for (let seed = 1; seed <= Number(values.talks); seed++) {
    log.info(`talk ${seed}: generating ${values.duration}s sample`);
    const sample = await generateSampleTalk({
      durationSeconds: Number(values.duration),
      seed,
      width: 640,
      height: 360,
      outDir: corpusDir,
      name: `eval-talk-${seed}`,
    });
    const { truth } = sample;
    const wavPath = path.join(scratch, `talk-${seed}.wav`);
    await extractAudio(sample.videoPath, 0, truth.duration, wavPath, mediaTools(config), { signal });
    log.info(`talk ${seed}: transcribing with ${engine}`);
    const recognised = await transcribe({
      wavPath,
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
    scores.push({
      seed,
      engine: recognised.engine,
      wer: wordErrorRate(
        referenceTokens.map((t) => t.token),
        hypothesisTokens.map((t) => t.token),
      ),
      medianTimingErrorMs: median(timingErrors),
      rankingOnTruth: await rank(transcriptFromWords(truth.words, 'en', 'truth'), truth, wavPath),
      rankingOnEngine: await rank(recognised, truth, wavPath),
    });
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

const mean = (pick: (s: TalkScore) => number) => scores.reduce((sum, s) => sum + pick(s), 0) / scores.length;
const summary = {
  talks: scores.length,
  durationSeconds: Number(values.duration),
  engine: scores[0]?.engine ?? engine,
  wordErrorRate: mean((s) => s.wer),
  medianWordTimingErrorMs: median(scores.map((s) => s.medianTimingErrorMs)),
  highlightsOnTruthTranscript: {
    hitAt1: mean((s) => s.rankingOnTruth.hitAt1),
    mAP: mean((s) => s.rankingOnTruth.ap),
  },
  highlightsOnEngineTranscript: {
    hitAt1: mean((s) => s.rankingOnEngine.hitAt1),
    mAP: mean((s) => s.rankingOnEngine.ap),
  },
  perTalk: scores,
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n\n`);
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
process.stdout.write(
  [
    `${'metric'.padEnd(36)}value`,
    `word error rate (${summary.engine})`.padEnd(36) + pct(summary.wordErrorRate),
    `median word-timing error`.padEnd(36) + `${summary.medianWordTimingErrorMs.toFixed(0)} ms`,
    `HIT@1 (truth transcript)`.padEnd(36) + summary.highlightsOnTruthTranscript.hitAt1.toFixed(2),
    `mAP   (truth transcript)`.padEnd(36) + summary.highlightsOnTruthTranscript.mAP.toFixed(2),
    `HIT@1 (${summary.engine} transcript)`.padEnd(36) +
      summary.highlightsOnEngineTranscript.hitAt1.toFixed(2),
    `mAP   (${summary.engine} transcript)`.padEnd(36) + summary.highlightsOnEngineTranscript.mAP.toFixed(2),
  ].join('\n') + '\n',
);
