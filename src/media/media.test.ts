import { describe, expect, it, vi } from 'vitest';
import { extractAudioArgs, rawAudioArgs, silenceDetectArgs, wavSliceArgs } from './audio.ts';
import { parseProbeJson } from './probe.ts';
import { createProgressParser } from './progress.ts';
import { ProcessError, runProcess } from './process.ts';
import { mixPassArgs, renderShortArgs, thumbnailArgs } from './render-args.ts';
import { CancelledError } from '../domain/errors.ts';

describe('parseProbeJson', () => {
  it('reads duration, streams and frame rate', () => {
    const probe = parseProbeJson(
      JSON.stringify({
        format: { duration: '12.5', format_name: 'mov,mp4', size: '1000' },
        streams: [
          {
            codec_type: 'video',
            codec_name: 'h264',
            width: 1920,
            height: 1080,
            avg_frame_rate: '30000/1001',
          },
          { codec_type: 'audio', codec_name: 'aac', sample_rate: '48000', channels: 2 },
        ],
      }),
    );
    expect(probe).toMatchObject({ duration: 12.5, formatName: 'mov,mp4', sizeBytes: 1000 });
    expect(probe.video).toMatchObject({ width: 1920, height: 1080, rotation: 0 });
    expect(probe.video?.fps).toBeCloseTo(29.97, 2);
    expect(probe.audio).toEqual({ codec: 'aac', sampleRate: 48000, channels: 2, stream: 0 });
  });

  it('takes the audio stream a player plays: the one marked default, else the one with most channels', () => {
    const audio = (channels: number, isDefault: number) => ({
      codec_type: 'audio',
      codec_name: 'aac',
      sample_rate: '48000',
      channels,
      disposition: { default: isDefault, attached_pic: 0 },
    });
    const played = (...streams: object[]) =>
      parseProbeJson(
        JSON.stringify({
          format: { duration: '5' },
          streams: [{ codec_type: 'video', width: 640, height: 360 }, ...streams],
        }),
      ).audio;
    expect(played(audio(2, 0), audio(1, 1))).toMatchObject({ channels: 1, stream: 1 });
    expect(played(audio(2, 0), audio(6, 0), audio(6, 0))).toMatchObject({ channels: 6, stream: 1 });
    expect(played(audio(2, 1), audio(2, 1))).toMatchObject({ stream: 0 });
  });

  it('reads the shown size of a picture whose pixels are not square (HDV: 1440×1080 coded, 16:9 shown)', () => {
    const probe = parseProbeJson(
      JSON.stringify({
        format: { duration: '3' },
        streams: [{ codec_type: 'video', width: 1440, height: 1080, sample_aspect_ratio: '4:3' }],
      }),
    );
    expect(probe.video).toMatchObject({ width: 1920, height: 1080, pixelAspect: 4 / 3 });
    const square = parseProbeJson(
      JSON.stringify({
        format: { duration: '3' },
        streams: [{ codec_type: 'video', width: 1280, height: 720, sample_aspect_ratio: '1:1' }],
      }),
    );
    expect(square.video).toMatchObject({ width: 1280, height: 720 });
    expect(square.video?.pixelAspect).toBeUndefined();
  });

  it('tells a phone’s HLG and HDR10’s PQ from SDR by the transfer the picture is coded with', () => {
    const hdrOf = (transfer?: string) =>
      parseProbeJson(
        JSON.stringify({
          format: { duration: '3' },
          streams: [{ codec_type: 'video', width: 1080, height: 1920, color_transfer: transfer }],
        }),
      ).video?.hdr;
    expect(hdrOf('arib-std-b67')).toBe('hlg');
    expect(hdrOf('smpte2084')).toBe('pq');
    expect(hdrOf('bt709')).toBeUndefined();
    expect(hdrOf(undefined)).toBeUndefined();
  });

  it('swaps width and height for a phone video rotated a quarter turn', () => {
    const probe = parseProbeJson(
      JSON.stringify({
        format: { duration: '3' },
        streams: [
          {
            codec_type: 'video',
            width: 1920,
            height: 1080,
            side_data_list: [{ rotation: -90 }],
            avg_frame_rate: '30/1',
          },
        ],
      }),
    );
    expect(probe.video).toMatchObject({ width: 1080, height: 1920, rotation: 270 });
    expect(probe.audio).toBeUndefined();
  });

  it('ignores cover art and falls back to stream durations', () => {
    const probe = parseProbeJson(
      JSON.stringify({
        format: {},
        streams: [
          { codec_type: 'video', width: 500, height: 500, disposition: { attached_pic: 1 } },
          { codec_type: 'audio', codec_name: 'mp3', duration: '99.1' },
        ],
      }),
    );
    expect(probe.video).toBeUndefined();
    expect(probe.duration).toBeCloseTo(99.1);
  });
});

describe('ffmpeg progress', () => {
  it('turns out_time_us into fractions and ends at 1', () => {
    const fractions: number[] = [];
    const parse = createProgressParser(10, (f) => fractions.push(f));
    ['frame=10', 'out_time_us=2500000', 'progress=continue', 'out_time_us=20000000', 'progress=end'].forEach(
      parse,
    );
    expect(fractions).toEqual([0.25, 1, 1]);
  });
});

describe('argument builders', () => {
  const plainShort = {
    input: '/in.mp4',
    start: 10,
    end: 40,
    framingFilter: '[0:v]null[framed]',
    size: { width: 1080, height: 1920 },
    preset: 'ultrafast',
  };
  const withGameAndMusic = {
    ...plainShort,
    gameVideo: { path: '/assets/game.mp4' },
    music: { path: '/assets/music.m4a', gainDb: -21.5 },
  };

  it('extracts a 16 kHz mono window of the played audio stream with an accurate seek', () => {
    expect(extractAudioArgs('/v.mp4', 12, 42.5, '/a.wav', 1)).toEqual([
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-ss',
      '12.000',
      '-i',
      '/v.mp4',
      '-t',
      '30.500',
      '-map',
      '0:a:1',
      '-ac',
      '1',
      '-ar',
      '16000',
      '-c:a',
      'pcm_s16le',
      '-progress',
      'pipe:1',
      '-nostats',
      '/a.wav',
    ]);
  });

  it('reads a window as raw 16 kHz mono 16-bit samples on stdout', () => {
    expect(rawAudioArgs('/v.mp4', 2, 6)).toEqual([
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-ss', '2.000', '-i', '/v.mp4', '-t', '4.000'],
      ...['-map', '0:a:0', '-ac', '1', '-ar', '16000', '-f', 's16le', 'pipe:1'],
    ]);
  });

  it('renders a short with framing, captions, 30 fps, yuv420p and faststart', () => {
    const args = renderShortArgs({
      input: '/in.mp4',
      start: 10,
      end: 40,
      framingFilter: '[0:v]crop=606:1080,scale=1080:1920,setsar=1[framed]',
      size: { width: 1080, height: 1920 },
      assFile: 'short-1.ass',
      output: '/out/short-1.mp4',
      preset: 'veryfast',
    });
    expect(args.slice(0, 10)).toEqual([
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-ss',
      '10.000',
      '-t',
      '30.000',
      '-i',
      '/in.mp4',
    ]);
    expect(args[args.indexOf('-filter_complex') + 1]).toBe(
      '[0:v]crop=606:1080,scale=1080:1920,setsar=1[framed];[framed]fps=30,ass=short-1.ass,format=yuv420p[v];' +
        '[0:a:0]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[mix];[mix]anull[a]',
    );
    expect(args.join(' ')).toContain('-map [v] -map [a] -c:v libx264 -preset veryfast -crf 21');
    expect(args.join(' ')).toContain('-movflags +faststart');
    expect(args.at(-1)).toBe('/out/short-1.mp4');
  });

  it("gives the video decoders and the filtergraph the lane's threads, and leaves the encoder its own", () => {
    const args = renderShortArgs({ ...withGameAndMusic, output: '/out/s.mp4', threads: 1 }).join(' ');
    expect(args).toContain(
      '-threads 1 -ss 10.000 -t 30.000 -i /in.mp4 -threads 1 -stream_loop -1 -i /assets/game.mp4 ' +
        '-stream_loop -1 -i /assets/music.m4a -filter_complex_threads 1 -filter_complex ',
    );
    expect(args.match(/-threads/g)).toHaveLength(2);
    expect(args).toContain('-c:v libx264 -preset ultrafast');
  });

  it('writes the thumbnail from the finished picture in the same run, after the short', () => {
    const short = {
      ...plainShort,
      output: '/out/short-1.mp4',
      preset: 'veryfast',
      thumbnail: { output: '/out/short-1.jpg', atSeconds: 1 },
    };
    const args = renderShortArgs(short);
    expect(args[args.indexOf('-filter_complex') + 1]).toContain(
      '[framed]fps=30,format=yuv420p[finished];[finished]split=2[v][still];' +
        '[still]trim=start=1.000,trim=end_frame=1[thumb]',
    );
    expect(args.slice(args.indexOf('/out/short-1.mp4'))).toEqual([
      ...['/out/short-1.mp4', '-map', '[thumb]'],
      ...['-frames:v', '1', '-q:v', '3', '/out/short-1.jpg'],
    ]);
    // after a meme clip, the still comes from the whole picture, clip included
    const withMeme = renderShortArgs({
      ...short,
      memeHook: { path: '/m.mp4', hasAudio: false, duration: 2 },
      thumbnail: { output: '/out/short-1.jpg', atSeconds: 3 },
    });
    expect(withMeme[withMeme.indexOf('-filter_complex') + 1]).toContain(
      '[memev][mainv]concat=n=2:v=1:a=0[finished];[finished]split=2[v][still];' +
        '[still]trim=start=3.000,trim=end_frame=1[thumb]',
    );
  });

  it('stacks gameplay below, ducks music under the speech and puts a meme clip first', () => {
    const args = renderShortArgs({
      input: '/in.mp4',
      start: 10,
      end: 40,
      framingFilter: '[0:v]crop=1214:1080,scale=1080:960,setsar=1[framed]',
      size: { width: 1080, height: 1920 },
      assFile: 's.ass',
      output: '/out/s.mp4',
      preset: 'ultrafast',
      gameVideo: { path: '/assets/game.mp4' },
      music: { path: '/assets/music.m4a', gainDb: -21.5 },
      memeHook: { path: '/assets/meme.mp4', hasAudio: true, duration: 3 },
      loudnessFilter: 'volume=3.20dB',
      audioStream: 1,
    });
    const joined = args.join(' ');
    expect(joined).toContain(
      '-stream_loop -1 -i /assets/game.mp4 -stream_loop -1 -i /assets/music.m4a -i /assets/meme.mp4',
    );
    const graph = args[args.indexOf('-filter_complex') + 1];
    expect(graph).toContain(
      '[1:v]scale=1080:960:force_original_aspect_ratio=increase,crop=1080:960,setsar=1,fps=30[game]',
    );
    expect(graph).toContain('[framed][game]vstack=inputs=2:shortest=1[stacked]');
    expect(graph).toContain('[stacked]fps=30,ass=s.ass,format=yuv420p[mainv]');
    // the speech is the source's played audio stream, not simply its first
    expect(graph).toContain(
      '[0:a:1]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,asplit=2[voice][key]',
    );
    expect(graph).toContain('volume=-21.5dB[bed]');
    expect(graph).toContain('[bed][key]sidechaincompress');
    expect(graph).toContain('[voice][ducked]amix=inputs=2:duration=first:normalize=0[maina]');
    expect(graph).toContain('[memev][mainv]concat=n=2:v=1:a=0[v]');
    expect(graph).toContain(
      '[2:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,volume=-21.5dB',
    );
    expect(graph).toContain(
      '[3:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,apad=whole_dur=3.000,atrim=end=3.000[memea]',
    );
    expect(graph).toContain('[memea][maina]concat=n=2:v=0:a=1[mix]');
    // the loudness of the whole mix, the meme's sound and the music included, is set last
    expect(
      graph.endsWith('[mix]volume=3.20dB,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[a]'),
    ).toBe(true);
  });

  it('measures the same mix without the pictures (the gameplay carries no sound)', () => {
    const mix = {
      input: '/in.mp4',
      start: 10,
      end: 40,
      music: { path: '/assets/music.m4a', gainDb: -21.5 },
      memeHook: { path: '/assets/meme.mp4', hasAudio: true, duration: 3 },
    };
    const args = mixPassArgs(mix, 'ebur128=peak=true');
    const rendered = renderShortArgs({
      ...mix,
      framingFilter: '[0:v]null[framed]',
      size: { width: 1080, height: 1920 },
      output: '/o.mp4',
      preset: 'ultrafast',
      loudnessFilter: 'ebur128=peak=true',
    });
    const graph = args[args.indexOf('-filter_complex') + 1];
    const renderedGraph = rendered[rendered.indexOf('-filter_complex') + 1];
    expect(renderedGraph.endsWith(graph)).toBe(true);
    expect(graph).not.toContain(':v]');
    expect(args.join(' ')).toContain(
      '-ss 10.000 -t 30.000 -i /in.mp4 -stream_loop -1 -i /assets/music.m4a -i /assets/meme.mp4 -filter_complex',
    );
    expect(args.slice(-6)).toEqual([graph, '-map', '[a]', '-f', 'null', '-']);
    // the pass that writes the finished sound runs the same graph into a WAV file
    const writing = mixPassArgs(mix, 'ebur128=peak=true', '/out/s.mix.wav');
    expect(writing.slice(-8)).toEqual([
      graph,
      '-map',
      '[a]',
      '-c:a',
      'pcm_f32le',
      '-f',
      'wav',
      '/out/s.mix.wav',
    ]);
  });

  it('only encodes a finished mix: no sound mixed or normalised again, the music not read', () => {
    const args = renderShortArgs({
      ...withGameAndMusic,
      output: '/o.mp4',
      memeHook: { path: '/assets/meme.mp4', hasAudio: true, duration: 3 },
      finishedMix: '/out/s.mix.wav',
    });
    const joined = args.join(' ');
    expect(joined).toContain(
      '-ss 10.000 -t 30.000 -i /in.mp4 -stream_loop -1 -i /assets/game.mp4 -i /assets/meme.mp4 -i /out/s.mix.wav -filter_complex',
    );
    expect(joined).not.toContain('music.m4a');
    const graph = args[args.indexOf('-filter_complex') + 1];
    expect(graph).not.toMatch(/:a\]|alimiter|volume|amix/);
    expect(graph).toContain('[memev][mainv]concat=n=2:v=1:a=0[v]');
    expect(args.slice(args.indexOf('-filter_complex') + 2, args.indexOf('-filter_complex') + 6)).toEqual([
      '-map',
      '[v]',
      '-map',
      '3:a',
    ]);
  });

  it('gives a silent meme clip a silent track so the concat keeps audio', () => {
    const args = renderShortArgs({
      input: '/in.mp4',
      start: 0,
      end: 5,
      framingFilter: '[0:v]null[framed]',
      size: { width: 1080, height: 1080 },
      output: '/o.mp4',
      preset: 'ultrafast',
      memeHook: { path: '/m.mp4', hasAudio: false, duration: 2.5 },
    });
    expect(args[args.indexOf('-filter_complex') + 1]).toContain('anullsrc=r=48000:cl=stereo,atrim=0:2.500');
  });

  it('takes one thumbnail frame', () => {
    expect(thumbnailArgs('/s.mp4', 1, '/s.jpg')).toEqual([
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-ss',
      '1.000',
      '-i',
      '/s.mp4',
      '-frames:v',
      '1',
      '-q:v',
      '3',
      '/s.jpg',
    ]);
  });

  it('takes a scaled catalogue preview frame', () => {
    expect(thumbnailArgs('/g.mp4', 1, '/g.jpg', { width: 360, quality: 4 }).slice(4)).toEqual([
      '-ss',
      '1.000',
      '-i',
      '/g.mp4',
      '-vf',
      'scale=360:-2',
      '-frames:v',
      '1',
      '-q:v',
      '4',
      '/g.jpg',
    ]);
  });

  it('slices a WAV without re-encoding and finds its silences', () => {
    expect(wavSliceArgs('/a.wav', 2, 7.5, '/c.wav').slice(4)).toEqual([
      '-ss',
      '2.000',
      '-t',
      '5.500',
      '-i',
      '/a.wav',
      '-c',
      'copy',
      '/c.wav',
    ]);
    expect(silenceDetectArgs('/a.wav')).toContain('silencedetect=noise=-35dB:d=0.3');
  });
});

describe('runProcess', () => {
  it('returns stdout and streams lines', async () => {
    const onLine = vi.fn();
    const result = await runProcess('sh', ['-c', 'echo one; echo two'], { onStdoutLine: onLine });
    expect(result.stdout).toBe('one\ntwo\n');
    expect(onLine.mock.calls.map((call) => call[0])).toEqual(['one', 'two']);
  });

  it('passes arguments untouched, with no shell in between', async () => {
    const result = await runProcess('printf', ['%s', '$(whoami); rm -rf /']);
    expect(result.stdout).toBe('$(whoami); rm -rf /');
  });

  it('rejects with the tail of stderr on a non-zero exit', async () => {
    const error = await runProcess('sh', ['-c', 'echo bad thing >&2; exit 3']).catch((e) => e);
    expect(error).toBeInstanceOf(ProcessError);
    expect(error.code).toBe(3);
    expect(error.message).toContain('bad thing');
  });

  it('names a missing binary', async () => {
    await expect(runProcess('no-such-binary-here', [])).rejects.toThrow(
      'no-such-binary-here is not installed',
    );
  });

  it('kills the process group at once on abort', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = runProcess('sh', ['-c', 'sleep 30 & sleep 30'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    // far from the 30 s the sleeps would take if they were left to run, however busy the machine is
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
