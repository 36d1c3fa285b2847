import { rm } from 'node:fs/promises';
import path from 'node:path';
import { extractAudio, readAudioSamples } from '../media/audio.ts';
import type { MediaTools } from '../media/tools.ts';
import { analyseVoice } from '../pipeline/structure/voice.ts';
import { tightenSpan } from '../pipeline/tighten/index.ts';
import type { GeneratedSample } from '../sample/generate.ts';
import type { Word } from '../domain/transcript.ts';
import { captionErrors, joinRisesDb, type ShownWord, type Sound } from './tighten-fidelity.ts';

// A generated talk's speech tightened as a short with trimPauses is (its words the generator's truth, as a
// supplied transcript gives them; its voice activity heard by the VAD), measured against that truth.

export interface TightenedTalk {
  /** the speech, first word to last, and the clip made of it */
  spanSeconds: number;
  clipSeconds: number;
  /** how far each caption is from where its word sounds in the clip */
  captionErrorsMs: number[];
  /** how far the high frequencies at each join rise above its neighbours */
  joinRisesDb: number[];
}

const RATE = 16_000;

async function soundOf(file: string, end: number, tools: MediaTools, signal: AbortSignal): Promise<Sound> {
  const samples = await readAudioSamples(file, 0, end, tools, signal);
  return { samples: Float32Array.from(samples, (value) => value / 32768), rate: RATE };
}

/** The clip's words beside the talk's: the clip keeps them in order, less the fillers it removed. */
export function keptWords(talk: readonly Word[], clip: readonly Word[]): ShownWord[] {
  const pairs: ShownWord[] = [];
  let next = 0;
  for (const word of clip) {
    while (next < talk.length && talk[next].text !== word.text) next++;
    if (next === talk.length) throw new Error(`"${word.text}" of the clip is not a word of the talk`);
    pairs.push({ heard: talk[next++], shown: word });
  }
  return pairs;
}

/** Tightens the talk's speech into `workDir` and measures the clip; the files made are removed. */
export async function tightenTalk(
  sample: GeneratedSample,
  context: { tools: MediaTools; signal: AbortSignal; workDir: string },
): Promise<TightenedTalk> {
  const { tools, signal, workDir } = context;
  const { truth } = sample;
  const wavPath = path.join(workDir, 'tighten-talk.wav');
  const clipPath = path.join(workDir, 'tighten-talk.mkv');
  try {
    await extractAudio(sample.videoPath, 0, truth.duration, wavPath, tools, { signal });
    const voice = await analyseVoice(wavPath, signal);
    const words = truth.words.map((word) => ({ ...word, confidence: 1 }));
    const span = { start: words[0].start, end: words[words.length - 1].end };
    const clip = await tightenSpan({
      videoPath: sample.videoPath,
      windowStart: 0,
      span,
      words,
      voiced: voice.activity.regions,
      output: clipPath,
      tools,
      signal,
    });
    const source = await soundOf(sample.videoPath, truth.duration, tools, signal);
    const heard = await soundOf(clip.videoPath, clip.duration + 1, tools, signal);
    const shown = keptWords(words, clip.words);
    return {
      spanSeconds: span.end - span.start,
      clipSeconds: clip.duration,
      captionErrorsMs: captionErrors(shown, source, heard).map((error) => error * 1000),
      joinRisesDb: joinRisesDb(heard, clip.joins),
    };
  } finally {
    await rm(wavPath, { force: true });
    await rm(clipPath, { force: true });
  }
}
