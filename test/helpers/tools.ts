import { loadConfig } from '../../src/config.ts';
import { mediaTools } from '../../src/media/tools.ts';

/** The media tools of the test environment (CLIPFORGE_FFMPEG_PATH / CLIPFORGE_FFPROBE_PATH when set). */
export const TEST_TOOLS = mediaTools(loadConfig());
