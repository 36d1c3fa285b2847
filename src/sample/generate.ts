import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../media/process.ts';
import { talkVideoArgs, type TalkPicture } from '../media/sample-args.ts';
import type { MediaTools } from '../media/tools.ts';
import { mixBed, type BedLevels } from './background.ts';
import { seededRandom } from './random.ts';
import { FILLER, OUTRO, SPONSOR, TOPICS, type ScriptPassage } from './script.ts';
import { SAMPLE_RATE, VOICES, WordSynthesizer, wavFromPcm, type Voice } from './speech.ts';
import { storiesOf, type SampleTruthStory } from './story-truth.ts';
import { findTalk } from './talks.ts';
import type { PassageKind, Speaker, StoryRole, TalkScript } from './talk-script.ts';

// Generated talk videos with known ground truth, for the demo, tests, evaluation and benchmark.

export interface SampleOptions {
  /** the configured ffmpeg (CLIPFORGE_FFMPEG_PATH), never one found on PATH */
  tools: Pick<MediaTools, 'ffmpeg'>;
  durationSeconds?: number;
  seed?: number;
  width?: number;
  height?: number;
  outDir: string;
  name?: string;
  /** `music-and-room`: a continuous music bed and room tone under the speech (pauses never silent) */
  background?: SampleBackground;
  /** a scripted talk of src/sample/talks.ts (by id), spoken whole: its length is the script's, not durationSeconds */
  script?: string;
  /** every pause (after a clause, a sentence, a passage) this many seconds, instead of a speaker's varied ones */
  pause?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export type SampleBackground = 'silence' | 'music-and-room';

export interface SampleTruthWord {
  text: string;
  start: number;
  end: number;
}
export interface SampleTruthSentence {
  index: number;
  text: string;
  start: number;
  end: number;
  topicId: string;
  /** scripted talks: the passage (story) the sentence belongs to, who says it, its part and the passage's kind */
  storyId?: string;
  voice?: Speaker;
  role?: StoryRole;
  kind?: PassageKind;
}
export interface SampleTruthTopic {
  id: string;
  title: string;
  kind: ScriptPassage['kind'] | PassageKind;
  interest: 'high' | 'low';
  start: number;
  end: number;
  keywords: string[];
}
export interface SampleTruth {
  optionsHash: string;
  duration: number;
  width: number;
  height: number;
  words: SampleTruthWord[];
  sentences: SampleTruthSentence[];
  topics: SampleTruthTopic[];
  sceneCuts: number[];
  faceTrack: { t: number; x: number; y: number; size: number }[];
  voices: string[];
  background: SampleBackground;
  /** levels of the bed under the speech's RMS, when there is one */
  bed?: BedLevels;
  /** scripted talks: the talk's id and its stories (content, and Q&A with a question and an answer) */
  script?: string;
  stories?: SampleTruthStory[];
}
export interface GeneratedSample {
  videoPath: string;
  truthPath: string;
  truth: SampleTruth;
}

export const FACE_IMAGE = fileURLToPath(new URL('../../assets/sample/face.jpg', import.meta.url));
/** Size of the face image, and the centre of the face inside it. */
const FACE_IMAGE_SIZE = { width: 300, height: 340 };
const FACE_CENTER_IN_IMAGE = { x: 115, y: 125 };
const FACE_SCALE_AT_1080P = 1.8;
/** Part of every sample's cache identity: bump it whenever the generator's output changes. */
const GENERATOR_VERSION = 2;

const WORD_GAP = 0.07;
interface Gap {
  min: number;
  max: number;
}
interface Gaps {
  /** after a comma, semicolon or colon inside a sentence */
  clause: Gap;
  sentence: Gap;
  passage: Gap;
}
/** Pauses between sentences and between passages vary, as a speaker's do. */
const SPEAKER_GAPS: Gaps = {
  clause: { min: 0.22, max: 0.22 },
  sentence: { min: 0.3, max: 0.9 },
  passage: { min: 1.1, max: 2.3 },
};

const endsClause = (token: string) => /[,;:]$/.test(token);

/** The pauses of a talk: a speaker's, or `pause` seconds everywhere a speaker pauses (a halting speaker's). */
function gapsOf(pause: number | undefined): Gaps {
  if (pause === undefined) return SPEAKER_GAPS;
  const fixed = { min: pause, max: pause };
  return { clause: fixed, sentence: fixed, passage: fixed };
}
const LEAD_IN = 0.6;
const TAIL = 0.8;

/**
 * Topic order for a seed: shuffled content, housekeeping after the first topic, the sponsor read in the middle
 * (the outro closes every talk).
 */
export function passageOrder(seed: number): ScriptPassage[] {
  const random = seededRandom(seed);
  const topics = [...TOPICS];
  for (let i = topics.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [topics[i], topics[j]] = [topics[j], topics[i]];
  }
  return [topics[0], FILLER, topics[1], topics[2], SPONSOR, ...topics.slice(3)];
}

const BACKGROUNDS = [
  '0x1d2b3a',
  '0x2d1b3f',
  '0x123a2f',
  '0x3a2414',
  '0x102a43',
  '0x37123c',
  '0x1f3b1f',
  '0x3b1f2b',
];

/** Face centre at time t: each scene drifts slowly across the frame; at a scene cut the face jumps. */
export function faceCenterAt(
  truth: Pick<SampleTruth, 'sceneCuts' | 'width' | 'height'>,
  t: number,
): { x: number; y: number } {
  const scene = truth.sceneCuts.filter((cut) => cut <= t).length;
  const sceneStart = scene === 0 ? 0 : truth.sceneCuts[scene - 1];
  const base = scene % 2 === 0 ? 0.33 : 0.67;
  const x = truth.width * (base + 0.16 * Math.sin((2 * Math.PI * (t - sceneStart)) / 18));
  const y = truth.height * (0.42 + 0.04 * Math.sin(0.9 * (t - sceneStart)));
  return { x, y };
}

function faceExpression(
  truth: Pick<SampleTruth, 'sceneCuts' | 'width' | 'height'>,
  axis: 'x' | 'y',
  offset: number,
): string {
  const pieces = [0, ...truth.sceneCuts].map((start, scene) => {
    if (axis === 'x') {
      const base = scene % 2 === 0 ? 0.33 : 0.67;
      return `${(truth.width * base).toFixed(2)}+${(truth.width * 0.16).toFixed(2)}*sin(2*PI*(t-${start.toFixed(3)})/18)-${offset.toFixed(2)}`;
    }
    return `${(truth.height * 0.42).toFixed(2)}+${(truth.height * 0.04).toFixed(2)}*sin(0.9*(t-${start.toFixed(3)}))-${offset.toFixed(2)}`;
  });
  return truth.sceneCuts.reduceRight(
    (rest, cut, index) => `if(lt(t\\,${cut.toFixed(3)})\\,${pieces[index]}\\,${rest})`,
    pieces[pieces.length - 1],
  );
}

interface Timeline {
  samples: Int16Array;
  words: SampleTruthWord[];
  sentences: SampleTruthSentence[];
  topics: SampleTruthTopic[];
  voices: string[];
}

/** Speech laid down word by word with its truth: where each word, sentence and topic lies. */
class Recording {
  readonly synth: WordSynthesizer;
  readonly words: SampleTruthWord[] = [];
  readonly sentences: SampleTruthSentence[] = [];
  readonly topics: SampleTruthTopic[] = [];
  cursor = LEAD_IN;
  private readonly chunks: { at: number; samples: Int16Array }[] = [];
  private readonly random: () => number;

  constructor(
    seed: number,
    readonly gaps: Gaps,
    signal?: AbortSignal,
  ) {
    this.synth = new WordSynthesizer(signal);
    this.random = seededRandom(seed * 7919);
  }

  /** Moves on by a pause after a clause, a sentence or a passage, of a length drawn from the talk's gaps. */
  pause(between: keyof Gaps): void {
    const gap = this.gaps[between];
    // a fixed pause draws nothing, so the talk's other draws stay as they were
    this.cursor += gap.min === gap.max ? gap.min : gap.min + this.random() * (gap.max - gap.min);
  }

  /** Speaks one sentence in `voice` and records it with `truth` (its topic and, for scripts, its story). */
  async sentence(
    voice: Voice,
    text: string,
    truth: Omit<SampleTruthSentence, 'index' | 'text' | 'start' | 'end'>,
  ): Promise<void> {
    const tokens = text.split(/\s+/);
    const first = this.words.length;
    for (const [position, token] of tokens.entries()) {
      if (position > 0 && endsClause(tokens[position - 1])) this.pause('clause');
      else if (position > 0) this.cursor += WORD_GAP;
      const audio = await this.synth.word(voice, token);
      const start = this.cursor;
      this.chunks.push({ at: Math.round(start * SAMPLE_RATE), samples: audio });
      this.cursor += audio.length / SAMPLE_RATE;
      this.words.push({ text: token, start: round3(start), end: round3(this.cursor) });
    }
    this.sentences.push({
      index: this.sentences.length,
      text,
      start: this.words[first].start,
      end: this.words[this.words.length - 1].end,
      ...truth,
    });
  }

  /** Starts synthesising every word of `lines` ahead, so the words are ready when spoken. */
  prefetch(lines: readonly { voice: Voice; text: string }[]): void {
    for (const line of lines)
      for (const token of line.text.split(/\s+/)) this.synth.word(line.voice, token).catch(() => undefined);
  }

  timeline(): Timeline {
    const lastEnd = this.words[this.words.length - 1].end;
    const samples = new Int16Array(Math.ceil((lastEnd + TAIL) * SAMPLE_RATE));
    for (const chunk of this.chunks) samples.set(chunk.samples, chunk.at);
    const { words, sentences, topics } = this;
    return { samples, words, sentences, topics, voices: VOICES.map((voice) => voice.voice) };
  }
}

async function speak(
  options: Required<Pick<SampleOptions, 'durationSeconds' | 'seed'>> & Pick<SampleOptions, 'pause'>,
  signal?: AbortSignal,
  onProgress?: (f: number) => void,
): Promise<Timeline> {
  const recording = new Recording(options.seed, gapsOf(options.pause), signal);
  const { sentences, topics } = recording;

  const say = async (passage: ScriptPassage, voice: Voice, topicId: string, until: number) => {
    recording.prefetch(passage.sentences.map((text) => ({ voice, text })));
    const topicStart = recording.cursor;
    for (const [sentenceIndex, text] of passage.sentences.entries()) {
      if (recording.cursor >= until) break;
      if (sentenceIndex > 0) recording.pause('sentence');
      await recording.sentence(voice, text, { topicId });
      onProgress?.(Math.min(1, recording.cursor / options.durationSeconds));
    }
    topics.push({
      id: topicId,
      title: passage.title,
      kind: passage.kind,
      interest: passage.interest,
      start: round3(topicStart),
      end: sentences[sentences.length - 1].end,
      keywords: passage.keywords,
    });
  };

  try {
    const outroVoice = VOICES[0];
    const target = options.durationSeconds - TAIL - (await spokenLength(recording, outroVoice, OUTRO));
    const order = passageOrder(options.seed);
    for (let round = 0; recording.cursor < target; round++) {
      for (const [position, passage] of order.entries()) {
        if (recording.cursor >= target) break;
        if (round > 0 && passage.kind !== 'content') continue;
        if (topics.length) recording.pause('passage');
        const voice = VOICES[(position + round) % VOICES.length];
        await say(passage, voice, round === 0 ? passage.id : `${passage.id}-${round + 1}`, target);
      }
    }
    recording.pause('passage');
    await say(OUTRO, outroVoice, OUTRO.id, Number.POSITIVE_INFINITY);
  } finally {
    await recording.synth.close();
  }
  return recording.timeline();
}

/** A scripted talk spoken whole, each line by its own voice, with the pauses of the generated talks. */
async function speakScript(
  talk: TalkScript,
  seed: number,
  gaps: Gaps,
  signal?: AbortSignal,
  onProgress?: (f: number) => void,
): Promise<Timeline> {
  const recording = new Recording(seed, gaps, signal);
  const { sentences, topics } = recording;
  const voiceOf = (speaker: Speaker) => VOICES.find((voice) => voice.name === speaker)!;
  const lines = talk.passages.flatMap((passage) => passage.lines);
  recording.prefetch(lines.map((line) => ({ voice: voiceOf(line.voice), text: line.text })));
  let spoken = 0;
  try {
    for (const passage of talk.passages) {
      if (topics.length) recording.pause('passage');
      const topicStart = recording.cursor;
      for (const [lineIndex, line] of passage.lines.entries()) {
        if (lineIndex > 0) recording.pause('sentence');
        await recording.sentence(voiceOf(line.voice), line.text, {
          topicId: passage.id,
          storyId: passage.id,
          voice: line.voice,
          role: line.role,
          kind: passage.kind,
        });
        onProgress?.(++spoken / lines.length);
      }
      const story = passage.kind === 'content' || passage.kind === 'qa';
      topics.push({
        id: passage.id,
        title: passage.title,
        kind: passage.kind,
        interest: story ? 'high' : 'low',
        start: round3(topicStart),
        end: sentences[sentences.length - 1].end,
        keywords: [],
      });
    }
  } finally {
    await recording.synth.close();
  }
  return recording.timeline();
}

/** Seconds a passage takes with the longest pauses, so the talk can keep room for it. */
async function spokenLength(recording: Recording, voice: Voice, passage: ScriptPassage): Promise<number> {
  const { synth, gaps } = recording;
  const tokens = passage.sentences.flatMap((sentence) => sentence.split(/\s+/));
  const audio = await Promise.all(tokens.map((token) => synth.word(voice, token)));
  const speech = audio.reduce((sum, samples) => sum + samples.length / SAMPLE_RATE, 0);
  // every gap at most a speaker's clause pause, plus what a talk's longer fixed clause pause adds at each clause
  const clauseExcess = Math.max(0, gaps.clause.max - SPEAKER_GAPS.clause.max);
  const pauses =
    tokens.length * SPEAKER_GAPS.clause.max +
    tokens.filter(endsClause).length * clauseExcess +
    passage.sentences.length * gaps.sentence.max +
    gaps.passage.max;
  return speech + pauses;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** The talk's picture: the face moving over one coloured scene per topic, the topic's title in the corner. */
function talkPicture(truth: SampleTruth, wavPath: string): TalkPicture {
  const { width, height } = truth;
  const bounds = [0, ...truth.sceneCuts, truth.duration];
  const scenes = truth.sceneCuts.concat(truth.duration).map((end, scene) => {
    const topic =
      truth.topics.find((t) => t.start >= bounds[scene] - 0.01 && t.start < end) ?? truth.topics[0];
    return {
      colour: BACKGROUNDS[scene % BACKGROUNDS.length],
      seconds: end - bounds[scene],
      title: topic.title,
    };
  });
  const scale = (FACE_SCALE_AT_1080P * height) / 1080;
  return {
    size: { width, height },
    scenes,
    title: {
      fontSize: Math.round(height * 0.045),
      at: { x: Math.round(width * 0.04), y: Math.round(height * 0.06) },
    },
    face: {
      image: FACE_IMAGE,
      size: {
        width: Math.round((FACE_IMAGE_SIZE.width * scale) / 2) * 2,
        height: Math.round((FACE_IMAGE_SIZE.height * scale) / 2) * 2,
      },
      x: faceExpression(truth, 'x', FACE_CENTER_IN_IMAGE.x * scale),
      y: faceExpression(truth, 'y', FACE_CENTER_IN_IMAGE.y * scale),
    },
    audio: wavPath,
    duration: truth.duration,
  };
}

/** Music 17–20 dB and room tone 22–25 dB under the speech: together 16–19 dB, as under a vlog or a podcast. */
export function bedLevels(seed: number): BedLevels {
  const random = seededRandom(seed * 104729);
  const musicDb = Math.round((17 + random() * 3) * 10) / 10;
  return { musicDb, roomDb: musicDb + 5 };
}

function sceneCutsOf(topics: readonly SampleTruthTopic[]): number[] {
  return topics.slice(1).map((topic, index) => round3((topics[index].end + topic.start) / 2));
}

export async function generateSampleTalk(options: SampleOptions): Promise<GeneratedSample> {
  const settings = {
    durationSeconds: options.durationSeconds ?? 180,
    seed: options.seed ?? 1,
    width: options.width ?? 1920,
    height: options.height ?? 1080,
    background: options.background ?? 'silence',
    version: GENERATOR_VERSION,
    // only the talks that ask for these carry them, so the other samples keep their cache identity
    ...(options.script ? { script: findTalk(options.script) } : {}),
    ...(options.pause !== undefined ? { pause: options.pause } : {}),
  };
  const name = options.name ?? 'sample-talk';
  const optionsHash = createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
  const videoPath = path.resolve(options.outDir, `${name}.mp4`);
  const truthPath = path.resolve(options.outDir, `${name}.truth.json`);
  try {
    const cached = JSON.parse(await readFile(truthPath, 'utf8')) as SampleTruth;
    await readFile(videoPath).then((buffer) => buffer.length > 0 || Promise.reject());
    if (cached.optionsHash === optionsHash) return { videoPath, truthPath, truth: cached };
  } catch {
    // not generated yet, or with other options
  }
  await mkdir(options.outDir, { recursive: true });
  const progress = (f: number) => options.onProgress?.(f * 0.4);
  const timeline = settings.script
    ? await speakScript(settings.script, settings.seed, gapsOf(settings.pause), options.signal, progress)
    : await speak(settings, options.signal, progress);
  const duration = round3(timeline.samples.length / SAMPLE_RATE);
  const bed = settings.background === 'music-and-room' ? bedLevels(settings.seed) : undefined;
  const samples = bed ? mixBed(timeline.samples, SAMPLE_RATE, bed, settings.seed) : timeline.samples;
  const sceneCuts = sceneCutsOf(timeline.topics);
  const geometry = { sceneCuts, width: settings.width, height: settings.height };
  const faceSize = Math.round(
    FACE_IMAGE_SIZE.height * ((FACE_SCALE_AT_1080P * settings.height) / 1080) * 0.55,
  );
  const faceTrack = Array.from({ length: Math.floor(duration * 2) + 1 }, (_, i) => {
    const t = i / 2;
    const { x, y } = faceCenterAt(geometry, t);
    return { t, x: Math.round(x), y: Math.round(y), size: faceSize };
  });
  const truth: SampleTruth = {
    optionsHash,
    duration,
    width: settings.width,
    height: settings.height,
    words: timeline.words,
    sentences: timeline.sentences,
    topics: timeline.topics,
    sceneCuts,
    faceTrack,
    voices: timeline.voices,
    background: settings.background,
    ...(bed ? { bed } : {}),
    ...(settings.script ? { script: settings.script.id, stories: storiesOf(timeline.sentences) } : {}),
  };
  // temporary names of this process's own, so concurrent generators never write into each other's files
  const scratch = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const wavPath = path.resolve(options.outDir, `${name}.${scratch}.wav`);
  const partial = `${videoPath}.${scratch}.part.mp4`;
  const partialTruth = `${truthPath}.${scratch}.part`;
  try {
    await writeFile(wavPath, wavFromPcm(samples));
    await runProcess(options.tools.ffmpeg, talkVideoArgs(talkPicture(truth, wavPath), partial), {
      signal: options.signal,
    });
    await writeFile(partialTruth, `${JSON.stringify(truth, null, 1)}\n`);
    await rename(partial, videoPath);
    await rename(partialTruth, truthPath);
  } finally {
    await rm(wavPath, { force: true });
    await rm(partial, { force: true });
    await rm(partialTruth, { force: true });
  }
  options.onProgress?.(1);
  return { videoPath, truthPath, truth };
}
