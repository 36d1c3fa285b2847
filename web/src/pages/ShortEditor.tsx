import { useState } from 'preact/hooks';
import type { Api } from '../api.ts';
import type { RequestDetail, Short, Template } from '../types.ts';

// The editor of one short (spec §11): the window's transcript with the short's sentences marked, a click to move
// its start or end there, template and layout pickers, corrected caption words, "tighten pauses", and Render.
// The server snaps the bounds into the pauses between words; the page shows the short recompiling until its new files replace it.

const LAYOUTS = ['auto', 'fill', 'fit', 'square'] as const;
type Sentence = RequestDetail['sentences'][number];

interface EditorProps {
  api: Api;
  requestId: string;
  short: Short;
  sentences: Sentence[];
  templates: Template[];
  /** called once the server has queued the render */
  onQueued: () => void;
}

/** The short's words as its captions count them (0 = its first), from the sentences it is made of. */
function shortWords(short: Short, sentences: Sentence[]): string[] {
  return sentences
    .filter(
      (sentence) =>
        sentence.start >= short.startTimestamp - 0.05 && sentence.end <= short.endTimestamp + 0.05,
    )
    .flatMap((sentence) => sentence.sentence.split(/\s+/).filter(Boolean));
}

export function ShortEditor({ api, requestId, short, sentences, templates, onQueued }: EditorProps) {
  const [start, setStart] = useState(short.startTimestamp);
  const [end, setEnd] = useState(short.endTimestamp);
  const [templateId, setTemplateId] = useState('');
  const [layout, setLayout] = useState('');
  const [trimPauses, setTrimPauses] = useState(false);
  const [fixes, setFixes] = useState<Record<number, string>>({});
  const [fixing, setFixing] = useState<number>();
  const [error, setError] = useState<string>();
  const words = shortWords(short, sentences);
  const inside = (sentence: Sentence) => sentence.start >= start - 0.05 && sentence.end <= end + 0.05;

  const render = async () => {
    setError(undefined);
    const body: Record<string, unknown> = {};
    if (start !== short.startTimestamp) body.start = start;
    if (end !== short.endTimestamp) body.end = end;
    if (templateId) body.templateId = templateId;
    if (layout) body.layout = layout;
    if (trimPauses) body.trimPauses = true;
    const captionEdits = Object.entries(fixes).map(([word, text]) => ({ word: Number(word), text }));
    if (captionEdits.length > 0) body.captionEdits = captionEdits;
    try {
      await api.call('POST', `/shorts/${requestId}/shorts/${short.id}/render`, body);
      onQueued();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  return (
    <div class="editor">
      <h4>Edit and render again</h4>
      <p class="muted">
        Cut {start.toFixed(2)}–{end.toFixed(2)} s (snapped to the nearest words when rendered)
      </p>
      <ol class="transcript" aria-label="Transcript of the window">
        {sentences.map((sentence) => (
          <li key={sentence.index} class={inside(sentence) ? 'in-short' : undefined}>
            <span class="sentence">{sentence.sentence}</span>{' '}
            <button type="button" class="link" onClick={() => setStart(sentence.start)}>
              Start here
            </button>{' '}
            <button type="button" class="link" onClick={() => setEnd(sentence.end)}>
              End here
            </button>
          </li>
        ))}
      </ol>
      <p class="caption-words" aria-label="Caption words (click one to fix it)">
        {words.map((word, index) => (
          <button
            key={index}
            type="button"
            class={`word${fixes[index] !== undefined ? ' fixed' : ''}`}
            onClick={() => setFixing(index)}
          >
            {fixes[index] ?? word}
          </button>
        ))}
      </p>
      {fixing !== undefined && (
        <label>
          Fix word {fixing + 1}
          <input
            value={fixes[fixing] ?? words[fixing]}
            onInput={(event) => setFixes({ ...fixes, [fixing]: (event.target as HTMLInputElement).value })}
          />
        </label>
      )}
      <label>
        Template
        <select
          value={templateId}
          onChange={(event) => setTemplateId((event.target as HTMLSelectElement).value)}
        >
          <option value="">Keep the current one</option>
          {templates.map((template) => (
            <option key={template.templateId} value={template.templateId}>
              {template.displayName}
            </option>
          ))}
        </select>
      </label>
      <label>
        Layout
        <select value={layout} onChange={(event) => setLayout((event.target as HTMLSelectElement).value)}>
          <option value="">Keep the current one</option>
          {LAYOUTS.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={trimPauses}
          onChange={(event) => setTrimPauses((event.target as HTMLInputElement).checked)}
        />
        Tighten pauses
      </label>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" disabled={short.recompiling} onClick={() => void render()}>
        {short.recompiling ? 'Rendering…' : 'Render'}
      </button>
    </div>
  );
}
