// The shape of a scripted talk (passages of lines, each said by the host or the guest with its part in a story),
// and the helpers that write a line (shared by the tuning and the held-out talks).

export type StoryRole = 'lead-in' | 'hook' | 'payoff' | 'body';
/** `aside`: content that tells no story (hedged, leaning on what was said before): no short a creator would post */
export type PassageKind =
  'intro' | 'cold-open' | 'content' | 'aside' | 'qa' | 'housekeeping' | 'sponsor' | 'outro';
export type Speaker = 'host' | 'guest';

export interface TalkLine {
  voice: Speaker;
  role: StoryRole;
  text: string;
}

export interface TalkPassage {
  /** the story id of every line in the passage */
  id: string;
  kind: PassageKind;
  title: string;
  lines: TalkLine[];
}

export interface TalkScript {
  id: string;
  title: string;
  passages: TalkPassage[];
}

/** A line said by the host or the guest. */
export const host = (text: string, role: StoryRole = 'body'): TalkLine => ({ voice: 'host', role, text });
export const guest = (text: string, role: StoryRole = 'body'): TalkLine => ({ voice: 'guest', role, text });
