import { mp4EncodeArgs } from './encode.ts';
import { QUIET_ARGS } from './progress.ts';

// ffmpeg arguments that make media from ffmpeg's own generators alone (nothing read from disk or the network):
// synthesised music loops, procedural gameplay-like loops and short animated text stingers with a sound. The
// built-in assets are made with them.

const GAME_SIZE = '1080x960';

/** A chord root (Hz) that changes every `bar` seconds through I–vi–IV–V of C major. */
const chordRoot = (bar: number) =>
  `261.63*pow(2\\,if(eq(mod(floor(t/${bar})\\,4)\\,0)\\,0\\,if(eq(mod(floor(t/${bar})\\,4)\\,1)\\,-3\\,if(eq(mod(floor(t/${bar})\\,4)\\,2)\\,-7\\,-5)))/12)`;

/** aevalsrc expressions of the music loops. */
const MUSIC = {
  /** Swelling pad: root, third and fifth, each bar fading in and out so chord changes never click. */
  pads: `0.16*(sin(2*PI*${chordRoot(4)}*t)+0.6*sin(2*PI*${chordRoot(4)}*1.2599*t)+0.5*sin(2*PI*${chordRoot(4)}*1.4983*t)+0.5*sin(PI*${chordRoot(4)}*t))*(0.55-0.45*cos(2*PI*mod(t\\,4)/4))`,
  /** Plucked arpeggio over a soft bass: four notes a beat, each with its own decay. */
  arpeggio: `0.22*sin(2*PI*${chordRoot(2)}*2*pow(2\\,if(eq(mod(floor(t*4)\\,4)\\,0)\\,0\\,if(eq(mod(floor(t*4)\\,4)\\,1)\\,4\\,if(eq(mod(floor(t*4)\\,4)\\,2)\\,7\\,12)))/12)*t)*exp(-7*mod(t\\,0.25))+0.14*sin(PI*${chordRoot(2)}*t)*(0.6-0.4*cos(2*PI*mod(t\\,2)/2))`,
  /** Kick on the beat, a ticking hat off the beat and a low pad: a lo-fi loop at 120 bpm. */
  pulse: `0.4*sin(2*PI*(45*mod(t\\,0.5)+3*(1-exp(-25*mod(t\\,0.5)))))*exp(-9*mod(t\\,0.5))+0.05*(2*random(0)-1)*exp(-45*mod(t+0.25\\,0.5))+0.1*(sin(PI*${chordRoot(4)}*t)+0.6*sin(PI*${chordRoot(4)}*1.4983*t))*(0.55-0.45*cos(2*PI*mod(t\\,4)/4))`,
};

export type MusicLoop = keyof typeof MUSIC;

/** Filter graphs of the gameplay loops, ending in the picture (before its pixel format); some last `seconds`. */
const GAMES = {
  'neon-life': () =>
    `life=s=216x192:r=30:ratio=0.12:mold=4:seed=7:life_color=#39ff14:death_color=#0d0a24:mold_color=#3a1a6e,scale=${GAME_SIZE}:flags=neighbor`,
  'cellular-run': () =>
    `cellauto=rule=30:s=270x240:r=30:scroll=1:start_full=1:seed=3,format=rgb24,lutrgb=r='val*0.15':g='val*0.75':b='val',scale=${GAME_SIZE}:flags=neighbor`,
  'neon-dodge': (seconds: number) =>
    [
      `gradients=s=270x240:r=30:c0=0x0b1026:c1=0x2a0b4a:c2=0x06343f:speed=0.03:d=${seconds},scale=${GAME_SIZE},drawgrid=w=120:h=120:t=2:c=0x00e5ff@0.3[bg]`,
      'color=c=0xffd400:s=160x160:r=30[a]',
      'color=c=0xff2fd0:s=220x90:r=30[b]',
      'color=c=0x39ff14:s=120x120:r=30[c]',
      "[bg][a]overlay=x='mod(t*420,1300)-200':y=620:shortest=1[p]",
      "[p][b]overlay=x='1080-mod(t*300+500,1400)':y=300:shortest=1[q]",
      "[q][c]overlay=x=430:y='780-abs(sin(t*3))*260':shortest=1",
    ].join(';'),
} satisfies Record<string, (seconds: number) => string>;

export type GameLoop = keyof typeof GAMES;

/** A rising whoosh for 0.7 s, then a hit. */
const STINGER_SOUND = `0.3*sin(2*PI*(180*t+380*t*t))*lt(t\\,0.7)+(0.45*(2*random(0)-1)+0.4*sin(2*PI*70*t))*exp(-8*(t-0.7))*gte(t\\,0.7)`;

/** `value` as one option value of a filter inside a filter graph: escaped for the option parser, then the graph. */
export function filterValue(value: string): string {
  return value.replace(/[\\':]/g, '\\$&').replace(/[\\'[\],;]/g, '\\$&');
}

/** `seconds` of stereo 48 kHz AAC music, fading in. */
export function musicLoopArgs(loop: MusicLoop, seconds: number, output: string): string[] {
  return [
    ...QUIET_ARGS,
    ...['-f', 'lavfi', '-i', `aevalsrc='${MUSIC[loop]}':s=48000:d=${seconds}`],
    ...['-af', 'afade=t=in:d=0.5,aformat=channel_layouts=stereo'],
    ...['-c:a', 'aac', '-b:a', '160k'],
    output,
  ];
}

/** `seconds` of 1080×960 gameplay-like video at 30 fps, without sound. */
export function gameLoopArgs(loop: GameLoop, seconds: number, output: string): string[] {
  return [
    ...QUIET_ARGS,
    ...['-filter_complex', `${GAMES[loop](seconds)},format=yuv420p[v]`, '-map', '[v]'],
    ...['-t', String(seconds), '-r', '30'],
    ...mp4EncodeArgs({ preset: 'ultrafast', crf: 23, audio: false }),
    output,
  ];
}

export interface Stinger {
  /** shown big, popping in; written as it is into the graph (letters, digits and spaces) */
  text: string;
  /** the background gradient's two colours, 0xRRGGBB */
  colours: [string, string];
  seconds: number;
  /** a font file for the text */
  font: string;
}

/** A 1080×1920 stinger: the text popping in over a moving gradient, with a whoosh and a hit. */
export function stingerArgs({ text, colours, seconds, font }: Stinger, output: string): string[] {
  return [
    ...QUIET_ARGS,
    ...[
      '-f',
      'lavfi',
      '-i',
      `gradients=s=540x960:r=30:c0=${colours[0]}:c1=${colours[1]}:speed=0.06:d=${seconds}`,
    ],
    ...['-f', 'lavfi', '-i', `aevalsrc='${STINGER_SOUND}':s=48000:d=${seconds}`],
    '-filter_complex',
    `[0:v]scale=1080:1920,drawtext=fontfile=${filterValue(font)}:text='${text}':fontcolor=white:borderw=12:bordercolor=black:` +
      `fontsize='60+170*min(1\\,t*3)':x='(w-text_w)/2+10*sin(t*45)*lt(t\\,0.9)':y='(h-text_h)/2',format=yuv420p[v];` +
      `[1:a]aformat=channel_layouts=stereo[a]`,
    ...['-map', '[v]', '-map', '[a]', '-t', String(seconds)],
    ...mp4EncodeArgs({ preset: 'ultrafast', audio: true }),
    output,
  ];
}
