import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ASSETS_DIR } from '../../test/helpers/test-assets.ts';
import { TEST_TOOLS } from '../../test/helpers/tools.ts';
import { loadConfig, type Config } from '../config.ts';
import { DEFAULT_CLIP_OPTIONS, type ClipOptions } from '../domain/options.ts';
import { optionsRefusal } from './create-options.ts';

let dir: string;
let config: Config;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'clipforge-options-'));
  config = { ...loadConfig({ dataDir: dir }), assetsDir: TEST_ASSETS_DIR, translateBaseUrl: undefined };
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('optionsRefusal, the one judge of what an installation can honour', () => {
  it('accepts the defaults and a catalogue item named exactly', async () => {
    expect(await optionsRefusal(DEFAULT_CLIP_OPTIONS, config, TEST_TOOLS)).toBeUndefined();
    const music = { ...DEFAULT_CLIP_OPTIONS, music: true, musicVolume: 40, musicName: 'Calm Pads' };
    expect(await optionsRefusal(music, config, TEST_TOOLS)).toBeUndefined();
  });

  it.each<[Partial<ClipOptions>, string, RegExp]>([
    [
      { templateId: '0123456789abcdef01234567' },
      'templateId',
      /Unknown templateId "0123456789abcdef01234567"/,
    ],
    [{ captionLanguage: 'de' }, 'captionLanguage', /need a translation provider/],
    [{ music: true, musicVolume: 40, musicName: 'calm pads' }, 'musicName', /Unknown music name "calm pads"/],
    [{ gameVideo: true, gameVideoName: 'Tetris' }, 'gameVideoName', /Unknown game-videos name "Tetris"/],
    [{ memeHook: true, memeHookName: 'Nope' }, 'memeHookName', /Unknown meme-hooks name "Nope"/],
  ])('refuses %j naming %s', async (change, field, message) => {
    const refusal = await optionsRefusal({ ...DEFAULT_CLIP_OPTIONS, ...change }, config, TEST_TOOLS);
    expect(refusal?.field).toBe(field);
    expect(refusal?.message).toMatch(message);
  });

  it('lets a muted music bed through whatever its name (nothing is played)', async () => {
    const muted = { ...DEFAULT_CLIP_OPTIONS, music: true, musicVolume: 0, musicName: 'not there' };
    expect(await optionsRefusal(muted, config, TEST_TOOLS)).toBeUndefined();
  });
});
