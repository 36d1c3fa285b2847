import type { StoryRole, TalkLine } from './talks.ts';

// A line of a scripted talk, said by the host or the guest (shared by the tuning and the held-out talks).

export const host = (text: string, role: StoryRole = 'body'): TalkLine => ({ voice: 'host', role, text });
export const guest = (text: string, role: StoryRole = 'body'): TalkLine => ({ voice: 'guest', role, text });
