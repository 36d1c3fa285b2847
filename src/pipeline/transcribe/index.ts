import { findWhisperModel, isModelInstalled, modelUrl, pullModel } from '../../engines/models.ts';
import type { MediaTools } from '../../media/tools.ts';
import type { TranscriptionEngine } from '../../engines/transcription/engine.ts';
import { OpenAiTranscriptionEngine } from '../../engines/transcription/openai.ts';
import { PocketsphinxEngine } from '../../engines/transcription/pocketsphinx.ts';
import { WhisperEngine, type WhisperGpu } from '../../engines/transcription/whisper.ts';
import { PipelineError } from '../../domain/errors.ts';
import type { Logger } from '../../domain/logger.ts';
import type { Transcriber } from '../../domain/options.ts';
import type { Transcript, Word } from '../../domain/transcript.ts';
import { retimeToSpeech } from '../structure/retime.ts';
import { segmentSentences, wordsInSpeech, type SpeechLayout } from '../structure/sentences.ts';
import { planSpeechChunks, transcribeChunks, transcribeInChunks } from './chunks.ts';

export interface TranscribeRequest {
  wavPath: string;
  duration: number;
  language: string;
  engine: Transcriber;
  signal: AbortSignal;
  onProgress?: (fraction: number) => void;
  log: Logger;
  modelsDir: string;
  whisperModel: string;
  /** CLIPFORGE_WHISPER_GPU; the CPU build when not given */
  whisperGpu?: WhisperGpu;
  openai?: { baseUrl: string; apiKey?: string; model: string };
  concurrency: number;
  tools: MediaTools;
  /** the window's speech regions and pauses: chunks are cut in its pauses, sentences follow its speech */
  layout?: SpeechLayout;
  /** with `auto`, a missing whisper model is fetched from here first (no download without it) */
  modelDownload?: ModelDownload;
}

export interface ModelDownload {
  /** CLIPFORGE_MODELS_URL */
  baseUrl?: string;
  allowlist: readonly string[];
  progress?: { update(received: number, total: number | undefined): void; finish(): void };
}

/**
 * Fetches the configured whisper model when it is not on disk and downloads are allowed (another process
 * fetching it already is waited for). Undefined when the model is there (or was fetched), else why not.
 */
async function fetchWhisperModel(req: TranscribeRequest): Promise<{ reason: string } | undefined> {
  if (await isModelInstalled(req.modelsDir, req.whisperModel)) return undefined;
  const name = req.whisperModel;
  const model = findWhisperModel(name);
  const download = req.modelDownload;
  if (!model) return { reason: `unknown whisper model "${name}"` };
  if (!download) return { reason: 'no whisper model installed' };
  req.log.info(
    `Downloading whisper model ${name} (${model.sizeMB} MB) from ${modelUrl(model, download.baseUrl)}`,
  );
  try {
    await pullModel(name, {
      modelsDir: req.modelsDir,
      baseUrl: download.baseUrl,
      allowlist: download.allowlist,
      signal: req.signal,
      onProgress: download.progress?.update,
    });
    return undefined;
  } catch (error) {
    if (req.signal.aborted) throw error;
    return { reason: (error as Error).message };
  } finally {
    download.progress?.finish();
  }
}

/**
 * Whether `auto` has its whisper model: on disk already, or fetched now when the network allows. False when it
 * cannot be had, after one warning line saying what to run to get it.
 */
async function autoWhisperModel(req: TranscribeRequest): Promise<boolean> {
  const name = req.whisperModel;
  const missing = await fetchWhisperModel(req);
  if (!missing) return true;
  if (!req.modelDownload || !findWhisperModel(name)) {
    req.log.info(
      `Transcribing with pocketsphinx (no whisper model installed; run \`clipforge models pull ${name}\` for better accuracy)`,
    );
    return false;
  }
  req.log.warn(
    `Whisper model "${name}" could not be downloaded (${missing.reason}); transcribing with pocketsphinx instead. ` +
      `To get whisper, run \`clipforge models pull ${name}\` where the network allows (or set CLIPFORGE_MODELS_URL to a mirror)`,
  );
  return false;
}

/**
 * Words into a transcript whose sentences follow the speech layout (or, without one, the words' own gaps).
 * With a layout, only words where speech was heard are kept.
 */
export function transcriptFromWords(
  words: Word[],
  language: string,
  engine: string,
  layout?: SpeechLayout,
): Transcript {
  const heard = layout ? wordsInSpeech(retimeToSpeech(words, layout.regions), layout.regions) : words;
  const ordered = [...heard].sort((a, b) => a.start - b.start);
  return { language, engine, words: ordered, ...segmentSentences(ordered, layout) };
}

async function chooseEngine(
  req: TranscribeRequest,
): Promise<{ engine: TranscriptionEngine; parallel: number }> {
  switch (req.engine) {
    case 'openai':
      if (!req.openai) throw new PipelineError('The openai transcriber needs CLIPFORGE_OPENAI_BASE_URL');
      return { engine: new OpenAiTranscriptionEngine(req.openai), parallel: req.concurrency };
    case 'whisper': {
      // chosen by name: its model is fetched as under `auto`, and without it there is no falling back
      const missing = await fetchWhisperModel(req);
      if (missing && req.modelDownload && findWhisperModel(req.whisperModel)) {
        throw new PipelineError(
          `Whisper model "${req.whisperModel}" could not be downloaded (${missing.reason}); run ` +
            `\`clipforge models pull ${req.whisperModel}\` where the network allows (or set CLIPFORGE_MODELS_URL to a mirror)`,
        );
      }
      // whisper.cpp uses every core itself; chunks run one at a time
      return {
        engine: new WhisperEngine(req.modelsDir, req.whisperModel, req.concurrency, req.whisperGpu),
        parallel: 1,
      };
    }
    case 'pocketsphinx':
      return { engine: new PocketsphinxEngine(), parallel: req.concurrency };
    case 'auto':
      if (await autoWhisperModel(req)) {
        req.log.info(`Transcribing with whisper.cpp (model ${req.whisperModel})`);
        return chooseEngine({ ...req, engine: 'whisper', modelDownload: undefined });
      }
      return chooseEngine({ ...req, engine: 'pocketsphinx' });
  }
}

export async function transcribe(req: TranscribeRequest): Promise<Transcript> {
  const { engine, parallel } = await chooseEngine(req);
  const chunked = {
    wavPath: req.wavPath,
    duration: req.duration,
    engine,
    language: req.language,
    concurrency: parallel,
    signal: req.signal,
    onProgress: req.onProgress,
    tools: req.tools,
  };
  // whisper invents words in long silences and under music: it hears only the stretches where VAD heard speech
  const words =
    engine.name === 'whisper' && req.layout
      ? await transcribeChunks(chunked, planSpeechChunks(req.layout.regions, req.duration))
      : await transcribeInChunks({ ...chunked, pauses: req.layout?.pauses });
  return transcriptFromWords(words, req.language, engine.name, req.layout);
}
