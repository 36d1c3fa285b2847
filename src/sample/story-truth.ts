import type { PassageKind, StoryRole } from './talk-script.ts';

// The story list of a scripted talk's truth, derived from its sentences: where each story (a content passage, or
// a Q&A with a clear question and answer) starts and ends, and which of its sentences is the hook and the payoff.

export interface StorySentence {
  index: number;
  start: number;
  end: number;
  storyId?: string;
  kind?: PassageKind;
  role?: StoryRole;
}

export interface SampleTruthStory {
  id: string;
  kind: 'content' | 'qa';
  first: number;
  last: number;
  hook: number;
  payoff: number;
  start: number;
  end: number;
}

/** Stories in speaking order; a passage counts when it is content, or a Q&A with both a hook and a payoff. */
export function storiesOf(sentences: readonly StorySentence[]): SampleTruthStory[] {
  const stories: SampleTruthStory[] = [];
  let group: StorySentence[] = [];
  const close = () => {
    const [head] = group;
    const hook = group.find((s) => s.role === 'hook');
    const payoff = group.find((s) => s.role === 'payoff');
    const kind = head?.kind;
    if (head && hook && payoff && (kind === 'content' || kind === 'qa')) {
      const tail = group[group.length - 1];
      stories.push({
        id: head.storyId!,
        kind,
        first: head.index,
        last: tail.index,
        hook: hook.index,
        payoff: payoff.index,
        start: head.start,
        end: tail.end,
      });
    } else if (head && kind === 'content') {
      throw new Error(`Content story "${head.storyId}" needs one hook and one payoff sentence`);
    }
    group = [];
  };
  for (const sentence of sentences) {
    if (group.length && sentence.storyId !== group[0].storyId) close();
    group.push(sentence);
  }
  close();
  return stories;
}
