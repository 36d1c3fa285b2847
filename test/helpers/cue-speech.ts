import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { extractAudioArgs } from '../../src/media/audio.ts';
import { runProcess } from '../../src/media/process.ts';
import { mixBed } from '../../src/sample/background.ts';
import { pcmFromWav, SAMPLE_RATE, trimSilence, VOICES, wavFromPcm } from '../../src/sample/speech.ts';
import { TEST_MEDIA_DIR } from './media.ts';
import { TEST_TOOLS } from './tools.ts';

// A talk of whole espeak-ng sentences with known times, for keyword spotting: cue sentences (sponsor reads,
// housekeeping, outros) between ordinary content sentences that hold no cue word.

export interface TalkSentence {
  text: string;
  /** the cue phrases spoken in it (empty for content) */
  cues: string[];
}

export interface TimedSentence extends TalkSentence {
  start: number;
  end: number;
}

/** Ordinary content: no word of any cue phrase's distinctive words (subscribe, sponsor, code, watching …). */
export const CONTENT_SENTENCES: string[] = [
  'The river carved this valley over millions of years, grain by grain.',
  'Most people think glaciers move slowly, but some surge forward several metres a day.',
  'When the engineers opened the dam, the water level dropped faster than anyone expected.',
  'My grandmother kept bees on the roof of a building in the middle of the city.',
  'The first experiment failed because the samples were stored at the wrong temperature.',
  'Octopuses can taste with their arms, which is stranger than it sounds.',
  'We drove north for two days until the road turned into gravel and then into mud.',
  'The library had a room full of maps that nobody had opened in fifty years.',
  'Bread rises because yeast eats sugar and breathes out tiny bubbles of gas.',
  'The violin was made in Italy almost three hundred years ago.',
  'Our team spent the whole winter rebuilding the old wooden boat.',
  'Some birds can sleep with half of their brain while the other half stays awake.',
  'The market opens at dawn, and the fishermen sell most of their catch by eight.',
  'He learned to paint after he retired, and his landscapes now hang in a gallery.',
  'Copper turns green because it reacts slowly with the air and the rain.',
  'The bridge sways a little in strong wind, and that is exactly how it was designed.',
  'A single teaspoon of soil can hold more living things than there are people on earth.',
  'The tunnel was dug from both ends, and the two crews met within a few centimetres.',
  'She measured the height of every tree in the forest over a single summer.',
  'The coffee plant was discovered when goats started dancing after eating its berries.',
  'Lightning is five times hotter than the surface of the sun.',
  'The old lighthouse keeper wrote down the weather every morning for forty years.',
  'Children learn languages faster because their brains are still building new connections.',
  'The recipe calls for slow cooking, so the onions turn sweet and soft.',
  'Mountains in the desert can be covered with snow for half of the year.',
  'The train climbs through eleven tunnels before it reaches the high plateau.',
  'Whales sing songs that change slowly from one season to the next.',
  'The factory closed in the nineties, and the town slowly found other work.',
  'A good knife should be sharpened often and stored away from other metal.',
  'The moon moves a few centimetres farther from the earth every year.',
  'Farmers in the valley grow rice on terraces cut into steep hillsides.',
  'The painting was hidden behind a wall during the war and found decades later.',
  'Ants can carry many times their own weight across rough ground.',
  'The storm knocked out power for three days across the northern islands.',
  'Glass is made by melting sand at very high temperatures and cooling it quickly.',
  'The museum keeps the oldest pieces in a dark room with steady humidity.',
];

/** Cue sentences: each names the list phrases spoken in it. */
export const CUE_SENTENCES: TalkSentence[] = [
  {
    text: 'This video is sponsored by Northwind, who make sturdy backpacks.',
    cues: ['this video is sponsored', 'sponsored by'],
  },
  {
    text: 'Use code river for twenty percent off your first order.',
    cues: ['use code', 'percent off your', 'off your first', 'percent off'],
  },
  {
    text: 'There is a link in the description for a free trial.',
    cues: ['link in the description', 'free trial'],
  },
  {
    text: 'If you enjoy these stories, please subscribe and ring the notification bell.',
    cues: ['subscribe', 'notification bell'],
  },
  {
    text: 'Leave a comment below and tell me where you are from.',
    cues: ['leave a comment', 'comment below'],
  },
  { text: 'Thanks for watching, and see you next time.', cues: ['thanks for watching', 'see you next time'] },
  { text: 'This episode is brought to you by Lumen lamps.', cues: ['brought to you by'] },
  { text: 'The show is supported by listeners like you.', cues: ['supported by'] },
  { text: 'All the links are in the show notes.', cues: ['show notes'] },
  {
    text: 'Follow us on social media, and leave us a review if you can.',
    cues: ['follow us on', 'leave us a review'],
  },
  {
    text: 'That is all for today, thanks for listening.',
    cues: ['that is all for today', "that's all for today", 'thanks for listening'],
  },
  {
    text: 'Before we get started, a quick reminder about the schedule.',
    cues: ['before we get started', 'before we start', 'quick reminder'],
  },
  {
    text: 'Thank you for watching, until next time.',
    cues: ['thank you for watching', 'thanks for watching', 'until next time'],
  },
  { text: 'Use the discount code valley at checkout.', cues: ['discount code', 'use code'] },
  { text: 'Thanks to Northwind for sponsoring this video.', cues: ['for sponsoring'] },
];

/** Content sentences with the cue sentences spread evenly between them (every `every`-th place). */
export function talk(cueSentences: readonly TalkSentence[], content: readonly string[]): TalkSentence[] {
  const out: TalkSentence[] = content.map((text) => ({ text, cues: [] }));
  const every = Math.max(1, Math.floor(out.length / Math.max(1, cueSentences.length)));
  cueSentences.forEach((cue, i) => out.splice(Math.min(out.length, 1 + i * (every + 1)), 0, cue));
  return out;
}

const GAP_SECONDS = 0.7;

interface Bed {
  musicDb?: number;
  roomDb?: number;
  seed?: number;
}

/** The code a spoken talk comes from: a change to any of it speaks the talks again. */
const SPEAKERS = ['test/helpers/cue-speech.ts', 'src/sample/speech.ts', 'src/sample/background.ts'];

/**
 * The talk spoken (see synthesiseTalk), from the test-media catalogue: made once per machine and version of the
 * code that speaks it, its sentence times kept beside the wav.
 */
export async function spokenTalk(
  sentences: readonly TalkSentence[],
  bed: Bed = {},
): Promise<{ wavPath: string; timed: TimedSentence[] }> {
  const key = createHash('sha256').update(JSON.stringify({ sentences, bed }));
  for (const file of SPEAKERS) key.update(await readFile(new URL(`../../${file}`, import.meta.url)));
  const base = path.join(TEST_MEDIA_DIR, `spoken-talk-${key.digest('hex').slice(0, 12)}`);
  const [wavPath, timesPath] = [`${base}.wav`, `${base}.json`];
  if (!existsSync(timesPath)) {
    // made aside and renamed into place, the times last: a file running beside this one sees both or neither
    await mkdir(TEST_MEDIA_DIR, { recursive: true });
    const partial = `${base}.${process.pid}-${randomBytes(4).toString('hex')}`;
    const timed = await synthesiseTalk(sentences, `${partial}.wav`, bed);
    await writeFile(`${partial}.json`, JSON.stringify(timed));
    await rename(`${partial}.wav`, wavPath);
    await rename(`${partial}.json`, timesPath);
  }
  return { wavPath, timed: JSON.parse(await readFile(timesPath, 'utf8')) as TimedSentence[] };
}

/**
 * Synthesises each sentence with espeak-ng (alternating voices), lays them end to end with short pauses and
 * writes a 16 kHz mono wav, with a music bed `musicDb` and room tone `roomDb` (default 12 dB under the music) under
 * the speech when given. Returns each sentence's time.
 */
async function synthesiseTalk(
  sentences: readonly TalkSentence[],
  wavPath: string,
  options: Bed,
): Promise<TimedSentence[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'clipforge-cue-speech-'));
  try {
    const clips = await Promise.all(
      sentences.map(async (sentence, i) => {
        const voice = VOICES[i % VOICES.length];
        const file = path.join(dir, `${i}.wav`);
        await runProcess('espeak-ng', [
          '-v',
          voice.voice,
          '-s',
          String(voice.speed),
          '-p',
          String(voice.pitch),
          '-w',
          file,
          '--',
          sentence.text,
        ]);
        return trimSilence(pcmFromWav(await readFile(file)));
      }),
    );
    const gap = Math.round(GAP_SECONDS * SAMPLE_RATE);
    const total = clips.reduce((sum, clip) => sum + clip.length + gap, gap);
    let speech: Int16Array = new Int16Array(total);
    const timed: TimedSentence[] = [];
    let at = gap;
    clips.forEach((clip, i) => {
      speech.set(clip, at);
      timed.push({ ...sentences[i], start: at / SAMPLE_RATE, end: (at + clip.length) / SAMPLE_RATE });
      at += clip.length + gap;
    });
    if (options.musicDb !== undefined || options.roomDb !== undefined) {
      const levels = {
        musicDb: options.musicDb ?? 200,
        roomDb: options.roomDb ?? (options.musicDb ?? 0) + 12,
      };
      speech = mixBed(speech, SAMPLE_RATE, levels, options.seed ?? 1);
    }
    const raw = path.join(dir, 'talk.wav');
    await writeFile(raw, wavFromPcm(speech));
    await runProcess(TEST_TOOLS.ffmpeg, extractAudioArgs(raw, 0, speech.length / SAMPLE_RATE, wavPath));
    return timed;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
