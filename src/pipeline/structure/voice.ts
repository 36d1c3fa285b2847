import {
  detectVoiceActivity,
  pausesBetween,
  readVadSamples,
  VAD_SAMPLE_RATE,
  type VoiceActivity,
} from '../../engines/vad/index.ts';
import { loudnessEnvelope, refineOffsets, type Envelope } from './acoustics.ts';

// The audio's own account of a window: where people speak, the pauses, and the loudness over time. One read
// of the window's 16 kHz WAV; the cheapest stage of the job (Silero runs at well under 1 % of realtime).

export interface VoiceAnalysis {
  activity: VoiceActivity;
  envelope: Envelope;
  /** wall seconds the analysis took */
  seconds: number;
  /** CPU seconds this process spent meanwhile (the analysis runs on one core) */
  cpuSeconds: number;
}

export async function analyseVoice(wavPath: string, signal?: AbortSignal): Promise<VoiceAnalysis> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const samples = await readVadSamples(wavPath);
  const detected = await detectVoiceActivity(samples, { signal });
  const envelope = loudnessEnvelope(samples, VAD_SAMPLE_RATE);
  const regions = refineOffsets(detected.regions, envelope);
  const activity = { ...detected, regions, pauses: pausesBetween(regions) };
  const used = process.cpuUsage(cpu);
  return {
    activity,
    envelope,
    seconds: Math.round(performance.now() - started) / 1000,
    cpuSeconds: Math.round((used.user + used.system) / 1000) / 1000,
  };
}
