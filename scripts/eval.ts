// npm run eval — how well ClipForge chooses moments, on the scripted talks of src/sample/talks.ts (whose truth
// knows every story, its hook and its payoff), each seen through four transcripts:
//   truth      the true sentences as an SRT file (one cue per sentence, read by the project's own parser)
//   noisy      the true words with ~10 % of them wrong (substituted, dropped, inserted; seeded)
//   asr        the recogniser (--engine, default pocketsphinx) on the clean talk
//   asr-music  the recogniser on the same talk over a music bed and room tone
// Figures per variant: shorts opening on their story's hook, stories covered before a repeat, clipped first and
// last words, kept titles, junk in the top half, cut points, section purity, and the CPU time of findHighlights.
// The shorts found on the recogniser's transcript are rendered and their loudness measured (music mixed into the
// first talk's shorts) unless --no-render.
// Usage: npm run eval -- [--talks podcast,lecture] [--variants truth,noisy,asr,asr-music] [--engine pocketsphinx]
//                        [--seed 1] [--no-render]
// --talks also takes the held-out talks of src/sample/held-out-talks.ts (kitchen, founder, bees), written after
// the tuning and not in the default list, to check the figures do not hold only for the four tuning talks.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { alignWords, median, normalizeWords, wordErrorRate } from '../src/eval/metrics.ts';
import { cutPointHits, sectionPurity } from '../src/eval/relevance.ts';
import { renderedShortLoudness, type ShortLoudness } from '../src/eval/short-loudness.ts';
import { scoreStories, type StoryScore } from '../src/eval/stories.ts';
import { corruptWords } from '../src/eval/transcript-variants.ts';
import { extractAudio } from '../src/media/audio.ts';
import { LOUDNESS_TARGET } from '../src/media/loudness.ts';
import { mediaTools } from '../src/media/tools.ts';
import { sceneCutsIn } from '../src/pipeline/framing/scene-probe.ts';
import { spotCues } from '../src/engines/transcription/keyword-spotting.ts';
import { findHighlights } from '../src/pipeline/highlights/index.ts';
import { needsSpokenCues } from '../src/pipeline/run.ts';
import { analyseVoice, type VoiceAnalysis } from '../src/pipeline/structure/voice.ts';
import { loadTranscriptFile } from '../src/pipeline/transcribe/files.ts';
import { transcribe, transcriptFromWords } from '../src/pipeline/transcribe/index.ts';
import { TRANSCRIBERS, type Transcriber } from '../src/domain/options.ts';
import type { Highlight } from '../src/domain/shorts.ts';
import type { Transcript } from '../src/domain/transcript.ts';
import { generateSampleTalk, type GeneratedSample, type SampleBackground } from '../src/sample/generate.ts';
import { TALKS, findTalk } from '../src/sample/talks.ts';
import { truthToSrt } from '../src/sample/transcript-files.ts';

const VARIANTS = ['truth', 'noisy', 'asr', 'asr-music'] as const;
type Variant = (typeof VARIANTS)[number];

const { values } = parseArgs({
  options: {
    talks: { type: 'string', default: TALKS.map((talk) => talk.id).join(',') },
    variants: { type: 'string', default: VARIANTS.join(',') },
    engine: { type: 'string', default: 'pocketsphinx' },
    seed: { type: 'string', default: '1' },
    'no-render': { type: 'boolean', default: false },
    /** keep the recogniser's transcripts and spotted cues beside the corpus and read them back next time */
    'reuse-recognition': { type: 'boolean', default: false },
  },
});
const config = loadConfig();
const engine = values.engine as Transcriber;
if (!TRANSCRIBERS.includes(engine)) throw new Error(`--engine must be one of ${TRANSCRIBERS.join(', ')}`);
const talkIds = values.talks.split(',').map((id) => findTalk(id.trim()).id);
const variants = values.variants.split(',').map((name) => {
  if (!VARIANTS.includes(name.trim() as Variant))
    throw new Error(`--variants takes ${VARIANTS.join(', ')} (got "${name}")`);
  return name.trim() as Variant;
});
const seed = Number(values.seed);
const render = !values['no-render'];

/**
 * What the recogniser made of a talk (slow to make, fixed for a talk and engine): with --reuse-recognition it is
 * kept beside the corpus and read back while the talk's generator options are the same.
 */
async function recognition<T>(talk: Talk, what: string, make: () => Promise<T>): Promise<T> {
  if (!values['reuse-recognition']) return make();
  const { truth } = talk.sample;
  const file = path.join(corpusDir, `${truth.script}-${truth.background}.${engine}.${what}.json`);
  try {
    const kept = JSON.parse(await readFile(file, 'utf8')) as { optionsHash: string; value: T };
    if (kept.optionsHash === truth.optionsHash) return kept.value;
  } catch {
    // not kept yet
  }
  const value = await make();
  await writeFile(file, JSON.stringify({ optionsHash: truth.optionsHash, value }));
  return value;
}
const log = {
  info: (m: string) => process.stderr.write(`${m}\n`),
  warn: (m: string) => process.stderr.write(`${m}\n`),
};
const signal = new AbortController().signal;
const tools = mediaTools(config);
const corpusDir = path.join(config.dataDir, 'eval-corpus');
const scratch = path.join(os.tmpdir(), `clipforge-eval-${process.pid}`);
await mkdir(scratch, { recursive: true });

interface VariantScore extends StoryScore {
  talk: string;
  variant: Variant;
  engine: string;
  duration: number;
  /** word error rate of the variant's words against the truth */
  wer: number;
  medianTimingErrorMs?: number;
  cutPoints: { good: number; total: number };
  /** share of each short inside its main passage, in rank order */
  purity: number[];
  findHighlightsCpuSeconds: number;
  highlights: Pick<Highlight, 'start' | 'end' | 'title'>[];
  loudness?: ShortLoudness[];
}

interface Talk {
  sample: GeneratedSample;
  wavPath: string;
  voice: VoiceAnalysis;
}

async function prepare(id: string, background: SampleBackground): Promise<Talk> {
  log.info(`${id} (${background}): generating`);
  const sample = await generateSampleTalk({
    tools,
    script: id,
    seed,
    width: 640,
    height: 360,
    background,
    outDir: corpusDir,
    name: `story-${id}-${background}`,
  });
  const wavPath = path.join(scratch, `${id}-${background}.wav`);
  await extractAudio(sample.videoPath, 0, sample.truth.duration, wavPath, tools, { signal });
  return { sample, wavPath, voice: await analyseVoice(wavPath, signal) };
}

async function transcriptOf(variant: Variant, talk: Talk): Promise<Transcript> {
  const { truth } = talk.sample;
  const layout = talk.voice.activity;
  switch (variant) {
    case 'truth': {
      const srt = path.join(scratch, `${truth.script}.srt`);
      await writeFile(srt, truthToSrt(truth));
      const words = await loadTranscriptFile(srt, { start: 0, end: truth.duration });
      return transcriptFromWords(words, 'en', 'srt', layout);
    }
    case 'noisy':
      return transcriptFromWords(corruptWords(truth.words, { seed }).words, 'en', '10% errors', layout);
    case 'asr':
    case 'asr-music':
      log.info(`${truth.script} (${truth.background}): transcribing with ${engine}`);
      return recognition(talk, 'transcript', () =>
        transcribe({
          wavPath: talk.wavPath,
          layout,
          duration: truth.duration,
          language: 'en',
          engine,
          signal,
          log,
          modelsDir: path.join(config.dataDir, 'models'),
          whisperModel: config.whisperModel,
          openai: config.openaiBaseUrl
            ? {
                baseUrl: config.openaiBaseUrl,
                apiKey: config.openaiApiKey,
                model: config.openaiTranscribeModel,
              }
            : undefined,
          concurrency: config.concurrency,
          tools,
          modelDownload: { baseUrl: config.modelsUrl, allowlist: config.networkAllowlist },
        }),
      );
  }
}

function accuracy(transcript: Transcript, talk: Talk) {
  const reference = talk.sample.truth.words.flatMap((word) =>
    normalizeWords(word.text).map((token) => ({ token, word })),
  );
  const hypothesis = transcript.words.flatMap((word) =>
    normalizeWords(word.text).map((token) => ({ token, word })),
  );
  const ref = reference.map((t) => t.token);
  const hyp = hypothesis.map((t) => t.token);
  const timing = alignWords(ref, hyp).matches.map(
    ([r, h]) => Math.abs(reference[r].word.start - hypothesis[h].word.start) * 1000,
  );
  return { wer: wordErrorRate(ref, hyp), medianTimingErrorMs: median(timing) };
}

async function score(
  variant: Variant,
  talk: Talk,
  transcript: Transcript,
): Promise<{ result: VariantScore; highlights: Highlight[] }> {
  const { sample } = talk;
  const { truth } = sample;
  // the pipeline listens for cue phrases in the audio when the words are weak: so does the eval
  const spokenCues = needsSpokenCues(transcript)
    ? await recognition(talk, 'cues', () => spotCues(talk.wavPath, { signal, log }))
    : undefined;
  const before = process.cpuUsage();
  const highlights = await findHighlights({
    transcript,
    spokenCues,
    windowDuration: truth.duration,
    preferredLength: 'under60sec',
    noClipping: false,
    voice: talk.voice,
    sceneCutsIn: (stretches) => sceneCutsIn(sample.videoPath, stretches, { signal, tools }),
    language: 'en',
    signal,
    log,
  });
  const used = process.cpuUsage(before);
  const { wer, medianTimingErrorMs } = accuracy(transcript, talk);
  const result: VariantScore = {
    talk: truth.script!,
    variant,
    engine: transcript.engine,
    duration: truth.duration,
    wer: round(wer),
    ...(variant.startsWith('asr') ? { medianTimingErrorMs } : {}),
    ...scoreStories(highlights, { ...truth, stories: truth.stories ?? [] }, transcript.words),
    cutPoints: cutPointHits(highlights, truth.sentences),
    purity: highlights.map((h) => round(sectionPurity(h, truth.topics))),
    findHighlightsCpuSeconds: round((used.user + used.system) / 1e6),
    highlights: highlights.map(({ start, end, title }) => ({ start, end, title })),
  };
  return { result, highlights };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

const scores: VariantScore[] = [];
try {
  for (const [index, id] of talkIds.entries()) {
    const clean = variants.some((v) => v !== 'asr-music') ? await prepare(id, 'silence') : undefined;
    const music = variants.includes('asr-music') ? await prepare(id, 'music-and-room') : undefined;
    for (const variant of variants) {
      const talk = variant === 'asr-music' ? music! : clean!;
      const transcript = await transcriptOf(variant, talk);
      const { result, highlights: found } = await score(variant, talk, transcript);
      log.info(
        `${id} / ${variant}: ${result.shorts} shorts, ${result.opensOnHook} open on a hook, ` +
          `findHighlights ${result.findHighlightsCpuSeconds} s CPU`,
      );
      if (render && variant.startsWith('asr')) {
        log.info(`${id} / ${variant}: rendering ${result.shorts} shorts to measure their loudness`);
        result.loudness = await renderedShortLoudness(
          found,
          { videoPath: talk.sample.videoPath, width: 640, height: 360, transcript },
          {
            outDir: scratch,
            assetsDir: config.assetsDir!,
            music: index === 0 && variant === 'asr',
            tools,
            signal,
          },
        );
      }
      scores.push(result);
    }
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

// ---- summary -------------------------------------------------------------------------------------------------

const sum = (list: VariantScore[], pick: (s: VariantScore) => number) =>
  list.reduce((total, s) => total + pick(s), 0);
const share = (part: number, whole: number) => (whole ? part / whole : Number.NaN);
function summarise(list: VariantScore[]) {
  const shorts = sum(list, (s) => s.shorts);
  const purity = list.flatMap((s) => s.purity);
  return {
    talks: list.length,
    shorts,
    contentStories: sum(list, (s) => s.stories),
    wordErrorRate: round(
      share(
        sum(list, (s) => s.wer),
        list.length,
      ),
    ),
    opensOnHook: round(
      share(
        sum(list, (s) => s.opensOnHook),
        shorts,
      ),
    ),
    firstShortOpensOnHook: `${list.filter((s) => s.openingRanks.includes(0)).length}/${list.length}`,
    storiesCoveredBeforeRepeat: `${sum(list, (s) => s.coverage.covered)}/${sum(list, (s) => s.coverage.total)}`,
    talksWithEveryStoryBeforeARepeat: `${list.filter((s) => s.coverage.allBeforeRepeat).length}/${list.length}`,
    clippedFirstWords: sum(list, (s) => s.clippedFirstWords),
    clippedLastWords: sum(list, (s) => s.clippedLastWords),
    keptTitles: round(
      share(
        sum(list, (s) => s.keptTitles),
        shorts,
      ),
    ),
    junkInTopHalf: sum(list, (s) => s.junkInTopHalf),
    asidesOffered: sum(list, (s) => s.asidesOffered),
    cutPoints: round(
      share(
        sum(list, (s) => s.cutPoints.good),
        sum(list, (s) => s.cutPoints.total),
      ),
    ),
    minSectionPurity: purity.length ? Math.min(...purity) : Number.NaN,
    /** worst talk: CPU seconds of findHighlights per ten minutes of talk */
    findHighlightsCpuPer10Min: round(
      Math.max(...list.map((s) => (s.findHighlightsCpuSeconds * 600) / s.duration)),
    ),
  };
}
const byVariant = Object.fromEntries(
  variants.map((variant) => [variant, summarise(scores.filter((s) => s.variant === variant))]),
);
const loudness = scores.flatMap((s) =>
  (s.loudness ?? []).map((l) => ({ talk: s.talk, variant: s.variant, ...l })),
);
process.stdout.write(
  `${JSON.stringify({ talks: talkIds, variants, engine, seed, byVariant, loudness, perTalk: scores }, null, 2)}\n\n`,
);

const pct = (v: number) => (Number.isNaN(v) ? '—' : `${(v * 100).toFixed(1)}%`);
const rows: [string, string, string][] = [];
for (const variant of variants) {
  const r = byVariant[variant];
  const exact = variant === 'truth' || variant === 'noisy';
  const label = variant.startsWith('asr') ? `${variant} (${engine})` : variant;
  rows.push(
    [`${label}: word error rate`, pct(r.wordErrorRate), variant === 'noisy' ? '≈ 10%' : ''],
    [`${label}: shorts opening on their hook`, pct(r.opensOnHook), exact ? '≥ 80%' : ''],
    [`${label}: first short opens on a hook`, r.firstShortOpensOnHook, ''],
    [`${label}: stories covered before a repeat`, r.storiesCoveredBeforeRepeat, exact ? 'all' : ''],
    [
      `${label}: talks with every story before a repeat`,
      r.talksWithEveryStoryBeforeARepeat,
      exact ? 'all' : '',
    ],
    [`${label}: clipped first words`, String(r.clippedFirstWords), '0'],
    [`${label}: clipped last words`, String(r.clippedLastWords), ''],
    [`${label}: kept titles`, pct(r.keptTitles), exact ? '100%' : ''],
    [`${label}: junk in the top half`, String(r.junkInTopHalf), exact ? '' : '0'],
    [`${label}: shorts on an aside (no story)`, String(r.asidesOffered), exact ? '0' : ''],
    [
      `${label}: cut points ±0.5 s of sentence edges`,
      pct(r.cutPoints),
      variant === 'asr-music' ? '≥ 90%' : '≥ 95%',
    ],
    [`${label}: min section purity`, pct(r.minSectionPurity), '≥ 80%'],
    [
      `${label}: findHighlights CPU per 10 min (worst)`,
      `${r.findHighlightsCpuPer10Min.toFixed(2)} s`,
      '< 1 s',
    ],
  );
}
for (const short of loudness) {
  const label = `loudness, ${short.talk} ${short.variant} short ${short.rank + 1}${short.music ? ' (music)' : ''}`;
  rows.push(
    [label, `${short.integrated.toFixed(1)} LUFS`, `${LOUDNESS_TARGET.integrated} ± 1`],
    [`  true peak`, `${short.truePeak.toFixed(1)} dBTP`, `≤ ${LOUDNESS_TARGET.truePeak}`],
  );
}
process.stdout.write(`${'metric'.padEnd(68)}${'value'.padEnd(16)}goal\n`);
for (const [label, value, goal] of rows)
  process.stdout.write(`${label.padEnd(68)}${value.padEnd(16)}${goal}\n`);
