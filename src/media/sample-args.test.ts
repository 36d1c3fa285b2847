import { describe, expect, it } from 'vitest';
import {
  downloadLikeArgs,
  pairedPhotosArgs,
  patchedStillArgs,
  repeatedCopyArgs,
  talkVideoArgs,
} from './sample-args.ts';

const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('sample talk arguments', () => {
  const picture = {
    size: { width: 640, height: 360 },
    scenes: [
      { colour: '0x111111', seconds: 4, title: "It's: one" },
      { colour: '0x222222', seconds: 6.5, title: 'Two' },
    ],
    title: { fontSize: 16, at: { x: 26, y: 22 } },
    face: { image: '/face.jpg', size: { width: 200, height: 226 }, x: 'if(lt(t\\,4)\\,10\\,300)', y: '40' },
    audio: '/talk.wav',
    duration: 10.5,
  };

  it('cuts one coloured scene per topic, titled, with the face moving over them and the talk as sound', () => {
    const args = talkVideoArgs(picture, '/o.mp4');
    expect(args.filter((arg) => arg.startsWith('color='))).toEqual([
      'color=c=0x111111:s=640x360:r=30:d=4.000',
      'color=c=0x222222:s=640x360:r=30:d=6.500',
    ]);
    const graph = after(args, '-filter_complex');
    expect(graph).toContain("[0:v]drawtext=font='DejaVu Sans':text='Its one':");
    expect(graph).toContain(':fontsize=16:x=26:y=22[s0]');
    expect(graph).toContain('[s0][s1]concat=n=2:v=1:a=0[bg]');
    expect(graph).toContain('[2:v]scale=200:226,format=yuv420p[face]');
    expect(graph).toContain("overlay=x='if(lt(t\\,4)\\,10\\,300)':y='40':shortest=1");
    expect(args.slice(args.indexOf('/face.jpg') - 5, args.indexOf('/face.jpg') + 4)).toEqual([
      ...['-loop', '1', '-framerate', '30', '-i', '/face.jpg'],
      ...['-i', '/talk.wav', '-filter_complex'],
    ]);
    expect(args.lastIndexOf('-map')).toBe(args.indexOf('3:a') - 1);
    expect(args.slice(-3)).toEqual(['-t', '10.500', '/o.mp4']);
  });

  it('makes one raw frame of a photo and its mirror image', () => {
    const args = pairedPhotosArgs(
      {
        size: { width: 1280, height: 720 },
        background: '0x23313f',
        image: '/face.jpg',
        photo: { width: 450, height: 510 },
        left: { x: 95, y: 105 },
        right: { x: 735, y: 105 },
      },
      '/still.rgb',
    );
    expect(after(args, '-i')).toBe('color=c=0x23313f:s=1280x720:d=1');
    expect(after(args, '-filter_complex')).toBe(
      '[1:v]scale=450:510,split[a][b];[b]hflip[m];[0:v][a]overlay=95:105[l];[l][m]overlay=735:105,format=rgb24[v]',
    );
    expect(args.slice(-7)).toEqual(['-map', '[v]', '-frames:v', '1', '-f', 'rawvideo', '/still.rgb']);
  });

  it('lays the two patches read from stdin over the looped still, at the video rate', () => {
    const args = patchedStillArgs(
      {
        still: '/still.rgb',
        size: { width: 1280, height: 720 },
        fps: 25,
        patch: { width: 112, height: 112 },
        left: { x: 209, y: 301 },
        right: { x: 959, y: 301 },
        audio: '/talk.wav',
        duration: 12,
      },
      '/o.mp4',
    );
    expect(args.filter((arg, i) => args[i - 1] === '-s')).toEqual(['1280x720', '224x112']);
    expect(args.filter((arg, i) => args[i - 1] === '-i')).toEqual(['/still.rgb', 'pipe:0', '/talk.wav']);
    expect(after(args, '-filter_complex')).toContain('[q]crop=112:112:112:0[pr]');
    expect(after(args, '-filter_complex')).toContain('[l][pr]overlay=959:301,format=yuv420p[v]');
    expect(after(args, '-t')).toBe('12.000');
    expect(after(args, '-r')).toBe('25');
    expect(args.at(-1)).toBe('/o.mp4');
  });

  it('repeats a video by copying its streams', () => {
    expect(repeatedCopyArgs('/v.mp4', 2, '/o.mp4').slice(-7)).toEqual([
      ...['-stream_loop', '1', '-i', '/v.mp4'],
      ...['-c', 'copy', '/o.mp4'],
    ]);
  });

  it('codes a video as a download is: H.264 High with B-frames', () => {
    const args = downloadLikeArgs('/talk.mp4', '/o.mp4');
    expect(after(args, '-i')).toBe('/talk.mp4');
    expect(after(args, '-c:v')).toBe('libx264');
    expect(after(args, '-profile:v')).toBe('high');
    expect(after(args, '-bf')).toBe('3');
    expect(args.at(-1)).toBe('/o.mp4');
  });
});
