import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../domain/errors.ts';
import { parseCreateBody } from '../service/create-options.ts';
import { parseClipArgs } from './clip.ts';
import { UsageError } from './run-command.ts';

describe('parseClipArgs', () => {
  it('applies the spec defaults', () => {
    const invocation = parseClipArgs(['talk.mp4']);
    expect(invocation.source).toBe(path.resolve('talk.mp4'));
    expect(invocation.options).toMatchObject({
      preferredLength: 'under60sec',
      templateId: '660b8531aedb346bbe26eb43',
      language: 'en',
      captionLanguage: 'en',
      layout: 'auto',
      noClipping: false,
    });
    expect(invocation.outDir).toBe(path.resolve('clipforge-out', 'talk'));
    expect(invocation.start).toBeUndefined();
  });

  it('reads every option', () => {
    const invocation = parseClipArgs([
      'https://example.com/v.mp4',
      '--start',
      '30',
      '--end',
      '150.5',
      '--preferred-length',
      'under30sec',
      '--template',
      'hormozi1',
      '--engine',
      'pocketsphinx',
      '--transcript',
      'words.json',
      '--layout',
      'square',
      '--no-clipping',
      '--out',
      '/tmp/shorts',
      '--json',
    ]);
    expect(invocation).toMatchObject({
      source: 'https://example.com/v.mp4',
      start: 30,
      end: 150.5,
      outDir: '/tmp/shorts',
      json: true,
    });
    expect(invocation.options).toMatchObject({
      preferredLength: 'under30sec',
      templateId: '66e386d23b11d1a71b755e44',
      transcriber: 'pocketsphinx',
      transcriptPath: path.resolve('words.json'),
      layout: 'square',
      noClipping: true,
    });
  });

  it('reads the overlay options; a catalogue name implies its overlay', () => {
    const { options } = parseClipArgs([
      'a.mp4',
      '--hook-title',
      '--meme-hook',
      '--game-video-name',
      'Neon Dodge',
      '--cta',
      '  Follow for more  ',
      '--music-name',
      'Calm Pads',
      '--music-volume',
      '35',
      '--caption-language',
      'en',
    ]);
    expect(options).toMatchObject({
      hookTitle: true,
      memeHook: true,
      memeHookName: undefined,
      gameVideo: true,
      gameVideoName: 'Neon Dodge',
      ctaEnabled: true,
      ctaText: 'Follow for more',
      music: true,
      musicName: 'Calm Pads',
      musicVolume: 35,
      captionLanguage: 'en',
    });
    expect(parseClipArgs(['a.mp4']).options).toMatchObject({
      music: false,
      musicVolume: 10,
      ctaEnabled: false,
    });
  });

  it.each([
    [['a.mp4', '--music-volume', '120'], /--music-volume must be a number from 0 to 100/],
    [['a.mp4', '--cta', 'x'.repeat(201)], /at most 200 characters/],
    [['a.mp4', '--cta', ' '], /--cta needs a text/],
    [['a.mp4', '--caption-language', 'xx'], /--caption-language must be one of/],
    [['a.mp4', '--layout', 'wide'], /--layout must be one of/],
    [['a.mp4', '--preferred-length', '2min'], /--preferred-length must be one of/],
    [['a.mp4', '--start=-4'], /--start must be a number/],
    [['a.mp4', '--colour', 'red'], /Unknown option '--colour'/],
    [['a.mp4', '--start', '10', '--end', '5'], /--end must be greater than --start/],
    [['a.mp4', '--template', 'comic-sans'], /Unknown template/],
    [[], /exactly one video/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseClipArgs(argv)).toThrow(UsageError);
    expect(() => parseClipArgs(argv)).toThrow(message);
  });

  it('refuses an option with the reason the API gives for it', () => {
    const apiReason = (body: Record<string, unknown>, field: string) => {
      try {
        parseCreateBody({ fileUrl: 'https://example.com/v.mp4', start: 0, end: 30, ...body });
      } catch (error) {
        if (error instanceof InvalidInputError) return error.fields?.[field];
      }
      throw new Error('the API accepted it');
    };
    const cases: [string[], Record<string, unknown>, string, string][] = [
      [['--music-volume', '140'], { musicVolume: 140 }, 'musicVolume', '--music-volume'],
      [['--layout', 'wide'], { layout: 'wide' }, 'layout', '--layout'],
      [['--language', 'xx'], { language: 'xx' }, 'language', '--language'],
      [['--meme-hook-name', ''], { memeHook: true, memeHookName: '' }, 'memeHookName', '--meme-hook-name'],
    ];
    for (const [flags, body, field, flag] of cases) {
      const reason = apiReason(body, field);
      expect(reason).toBeTruthy();
      expect(() => parseClipArgs(['a.mp4', ...flags])).toThrow(`${flag} ${reason}`);
    }
  });
});
