import { useEffect, useRef, useState } from 'preact/hooks';
import {
  DEFAULT_CLIP_OPTIONS as DEFAULTS,
  LANGUAGES,
  LAYOUTS,
  PREFERRED_LENGTHS,
} from '@api/domain/options.ts';
import { type Api, ApiFailure } from '../api.ts';
import { FieldError } from '../components.tsx';
import { fieldErrors } from '../field-errors.ts';
import type { ClipAsset, CreatedRequest, CreateInput, Music, Pagination, Template } from '../types.ts';

type SourceKind = 'youtube' | 'direct' | 'file';

interface Catalogues {
  templates: Template[];
  defaultTemplateId: string;
  music: Music[];
  gameVideos: ClipAsset[];
  memeHooks: ClipAsset[];
}

type Part = 'templates' | 'music' | 'gameVideos' | 'memeHooks';

const notReady = (items: { ready: boolean }[]) => items.some((item) => !item.ready);

/** The catalogues, or only the parts named in `parts` (the others are kept from `current`). */
async function loadCatalogues(api: Api, current?: Catalogues, parts?: Part[]): Promise<Catalogues> {
  const wanted = (part: Part) => !current || !parts || parts.includes(part);
  const [templates, music, games, memes] = await Promise.all([
    wanted('templates')
      ? api.get<{ templates: Template[]; defaultTemplateId: string }>('/templates')
      : undefined,
    wanted('music') ? api.get<{ music: Music[]; pagination: Pagination }>('/music?limit=100') : undefined,
    wanted('gameVideos') ? api.get<{ gameVideos: ClipAsset[] }>('/game-videos?limit=100') : undefined,
    wanted('memeHooks') ? api.get<{ memeHooks: ClipAsset[] }>('/meme-hooks?limit=100') : undefined,
  ]);
  return {
    templates: templates ? [...templates.templates].sort((a, b) => a.order - b.order) : current!.templates,
    defaultTemplateId: templates?.defaultTemplateId ?? current!.defaultTemplateId,
    music: music?.music ?? current!.music,
    gameVideos: games?.gameVideos ?? current!.gameVideos,
    memeHooks: memes?.memeHooks ?? current!.memeHooks,
  };
}

/** The parts with an item whose files are still being made. */
const partsNotReady = (c: Catalogues): Part[] =>
  (['templates', 'music', 'gameVideos', 'memeHooks'] as const).filter((part) => notReady(c[part]));

/** How often a catalogue is asked again while some of its files are still being made. */
const NOT_READY_RETRY_MS = 5000;

/**
 * The catalogues, each asked again every few seconds while a file of it is still being made (a fresh install
 * makes them in the background): a preview's URL is used only once the catalogue says it is ready, so the page
 * never asks for a file that is not there (no broken image, nothing refused in the console).
 */
function useCatalogues(api: Api): { catalogues?: Catalogues; loadError?: string } {
  const [catalogues, setCatalogues] = useState<Catalogues>();
  const [loadError, setLoadError] = useState<string>();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let gone = false;
    const load = (current?: Catalogues) =>
      loadCatalogues(api, current, current && partsNotReady(current)).then(
        (loaded) => {
          if (gone) return;
          setCatalogues(loaded);
          setLoadError(undefined);
          if (partsNotReady(loaded).length > 0)
            timer = setTimeout(() => void load(loaded), NOT_READY_RETRY_MS);
        },
        (error: Error) => {
          if (gone) return;
          // a refused refresh keeps what is shown and tries again later; a refused first load is said
          if (current) timer = setTimeout(() => void load(current), NOT_READY_RETRY_MS);
          else setLoadError(error.message);
        },
      );
    void load();
    return () => {
      gone = true;
      clearTimeout(timer);
    };
  }, []);
  return { catalogues, loadError };
}

/** Stands in for a preview still being made. */
const Placeholder = () => (
  <span class="placeholder" role="img" aria-label="Preview being made">
    …
  </span>
);

/** Reads a local file's duration in the browser, before it is uploaded. */
function useLocalDuration(file: File | undefined): number | undefined {
  const [duration, setDuration] = useState<number>();
  useEffect(() => {
    setDuration(undefined);
    if (!file) return;
    const url = URL.createObjectURL(file);
    const probe = document.createElement('video');
    probe.preload = 'metadata';
    probe.onloadedmetadata = () => setDuration(Number.isFinite(probe.duration) ? probe.duration : undefined);
    probe.src = url;
    return () => URL.revokeObjectURL(url);
  }, [file]);
  return duration;
}

type ChoiceName = 'preferredLength' | 'layout' | 'language';

/** A create option chosen from a fixed list, shown as its API value. */
function ChoiceField<K extends ChoiceName>({
  field,
  label,
  choices,
  value,
  error,
  onChange,
}: {
  field: K;
  label: string;
  choices: readonly NonNullable<CreateInput[K]>[];
  value: NonNullable<CreateInput[K]>;
  error?: string;
  onChange: (value: CreateInput[K]) => void;
}) {
  return (
    <Field id={field} label={label} error={error}>
      <select id={field} value={value} onChange={(e) => onChange(e.currentTarget.value as CreateInput[K])}>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    </Field>
  );
}

function Field({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  children: preact.ComponentChildren;
}) {
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

const describedBy = (id: string, error?: string) =>
  error ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {};

function AssetPicker({
  legend,
  name,
  items,
  chosen,
  onChoose,
  error,
}: {
  legend: string;
  name: string;
  items: ClipAsset[];
  chosen?: string;
  onChoose: (name: string) => void;
  error?: string;
}) {
  return (
    <fieldset class="picker">
      <legend>{legend}</legend>
      {items.length === 0 && <p>None in the catalogue yet.</p>}
      <div class="cards">
        {items.map((item) => (
          <label class="pick" key={item.name}>
            <input
              type="radio"
              name={name}
              checked={chosen === item.name}
              onChange={() => onChoose(item.name)}
            />
            {!item.ready ? (
              <Placeholder />
            ) : item.preview ? (
              <img src={item.preview} alt="" loading="lazy" width={96} height={170} />
            ) : (
              <video src={item.video} muted preload="metadata" width={96} height={170} aria-hidden="true" />
            )}
            <span>
              {item.name} ({item.video_duration} s)
            </span>
          </label>
        ))}
      </div>
      <FieldError id={`${name}-error`} message={error} />
    </fieldset>
  );
}

function MusicPicker({
  items,
  chosen,
  onChoose,
  error,
}: {
  items: Music[];
  chosen?: string;
  onChoose: (name: string) => void;
  error?: string;
}) {
  const player = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState<string>();
  const toggle = (track: Music) => {
    const audio = player.current;
    if (!audio) return;
    if (playing === track.name) {
      audio.pause();
      setPlaying(undefined);
      return;
    }
    audio.src = track.url;
    void audio.play().then(() => setPlaying(track.name));
  };
  return (
    <fieldset class="picker">
      <legend>Music track</legend>
      <audio ref={player} onEnded={() => setPlaying(undefined)} />
      <ul class="tracks">
        {items.map((track) => (
          <li key={track.name}>
            <label>
              <input
                type="radio"
                name="musicName"
                checked={chosen === track.name}
                onChange={() => onChoose(track.name)}
              />
              {track.name} ({track.duration} s)
            </label>
            <button
              type="button"
              class="secondary"
              onClick={() => toggle(track)}
              aria-pressed={playing === track.name}
              disabled={!track.ready}
              title={track.ready ? undefined : 'Being made; ready in a moment'}
            >
              {playing === track.name ? 'Pause' : 'Play'}
              <span class="visually-hidden"> {track.name}</span>
            </button>
          </li>
        ))}
      </ul>
      <FieldError id="musicName-error" message={error} />
    </fieldset>
  );
}

export function NewClipPage({ api }: { api: Api }) {
  const { catalogues, loadError } = useCatalogues(api);
  const [kind, setKind] = useState<SourceKind>('file');
  const [youtubeUrl, setYoutubeUrl] = useState('');
  const [directUrl, setDirectUrl] = useState('');
  const [file, setFile] = useState<File>();
  const [uploaded, setUploaded] = useState<{ file: File; fileUrl: string }>();
  const [uploadProgress, setUploadProgress] = useState<number>();
  const [dragging, setDragging] = useState(false);
  const [start, setStart] = useState('0');
  const [end, setEnd] = useState('');
  const [options, setOptions] = useState<Partial<CreateInput>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const duration = useLocalDuration(kind === 'file' ? file : undefined);

  useEffect(() => {
    if (duration !== undefined && end === '') setEnd(String(Math.floor(duration * 10) / 10));
  }, [duration]);

  const set = <K extends keyof CreateInput>(field: K, value: CreateInput[K] | undefined) =>
    setOptions((current) => ({ ...current, [field]: value }));
  const sourceField = kind === 'youtube' ? 'url' : 'fileUrl';

  const chooseFile = (chosen: File | undefined) => {
    setFile(chosen);
    setUploaded(undefined);
    setUploadProgress(undefined);
  };

  const uploadIfNeeded = async (): Promise<string> => {
    if (!file)
      throw new ApiFailure(400, {
        code: 'invalid_request',
        message: 'Choose a video file first',
        details: { fields: { fileUrl: 'choose a video file' } },
      });
    if (uploaded?.file === file) return uploaded.fileUrl;
    setUploadProgress(0);
    const result = await api.upload(file, setUploadProgress);
    setUploaded({ file, fileUrl: result.fileUrl });
    return result.fileUrl;
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      const source =
        kind === 'youtube'
          ? { url: youtubeUrl.trim() }
          : { fileUrl: kind === 'direct' ? directUrl.trim() : await uploadIfNeeded() };
      const range = {
        ...(start.trim() === '' ? {} : { start: Number(start) }),
        ...(end.trim() === '' ? {} : { end: Number(end) }),
      };
      const body = Object.fromEntries(
        Object.entries({ ...source, ...range, ...options }).filter(
          ([, value]) => value !== undefined && value !== '',
        ),
      );
      const { data } = await api.call<CreatedRequest>('POST', '/shorts/create', body);
      window.location.hash = `#/requests/${data.requestId}`;
    } catch (failure) {
      if (failure instanceof ApiFailure) setErrors(fieldErrors(failure.body, sourceField));
      else setErrors({ form: String(failure) });
    } finally {
      setBusy(false);
    }
  };

  const templateId = options.templateId ?? catalogues?.defaultTemplateId;
  const shown = new Set([
    sourceField,
    'start',
    'end',
    'preferredLength',
    'layout',
    'language',
    'captionLanguage',
    'templateId',
    'webhookUrl',
    ...(options.music ? ['musicName', 'musicVolume'] : []),
    ...(options.gameVideo ? ['gameVideoName'] : []),
    ...(options.memeHook ? ['memeHookName'] : []),
    ...(options.ctaEnabled ? ['ctaText'] : []),
  ]);
  const elsewhere = Object.entries(errors)
    .filter(([field]) => !shown.has(field))
    .map(([, message]) => message)
    .join('; ');
  // the form waits for the catalogues' first answer: pickers filled in later would push every control below
  // them down, under the pointer of someone about to click
  if (!catalogues && !loadError)
    return (
      <section>
        <h1>New clip</h1>
        <p role="status">Loading the caption templates and the extras…</p>
      </section>
    );
  return (
    <section>
      <h1>New clip</h1>
      <form onSubmit={submit} noValidate class="clip-form">
        <fieldset>
          <legend>Source video</legend>
          <div class="segmented">
            {(
              [
                ['file', 'Local file'],
                ['youtube', 'YouTube URL'],
                ['direct', 'Direct video URL'],
              ] as const
            ).map(([value, label]) => (
              <label key={value}>
                <input type="radio" name="source" checked={kind === value} onChange={() => setKind(value)} />
                {label}
              </label>
            ))}
          </div>
          {kind === 'youtube' && (
            <Field id="url" label="YouTube URL" error={errors.url}>
              <input
                id="url"
                type="url"
                inputMode="url"
                placeholder="https://www.youtube.com/watch?v=…"
                value={youtubeUrl}
                onInput={(e) => setYoutubeUrl(e.currentTarget.value)}
                {...describedBy('url', errors.url)}
              />
            </Field>
          )}
          {kind === 'direct' && (
            <Field id="fileUrl" label="Direct video URL" error={errors.fileUrl}>
              <input
                id="fileUrl"
                type="url"
                inputMode="url"
                placeholder="https://example.com/talk.mp4"
                value={directUrl}
                onInput={(e) => setDirectUrl(e.currentTarget.value)}
                {...describedBy('fileUrl', errors.fileUrl)}
              />
            </Field>
          )}
          {kind === 'file' && (
            <div
              class={`drop${dragging ? ' over' : ''}${errors.fileUrl ? ' invalid' : ''}`}
              onDragOver={(e) => (e.preventDefault(), setDragging(true))}
              onDragLeave={() => setDragging(false)}
              onDrop={(e) => {
                e.preventDefault();
                setDragging(false);
                chooseFile(e.dataTransfer?.files[0]);
              }}
            >
              <label for="file">Video file (drop it here or choose)</label>
              <input
                id="file"
                type="file"
                accept="video/*,audio/*"
                onChange={(e) => chooseFile(e.currentTarget.files?.[0])}
                {...describedBy('fileUrl', errors.fileUrl)}
              />
              {file && (
                <p>
                  {file.name} — {(file.size / 1024 / 1024).toFixed(1)} MB
                  {duration !== undefined && <> — duration {duration.toFixed(1)} s</>}
                </p>
              )}
              {uploadProgress !== undefined && (
                <div class="progress">
                  <progress max={1} value={uploadProgress} aria-label="Upload progress" />
                  <span>
                    {uploadProgress >= 1 ? 'Uploaded' : `Uploading ${Math.round(uploadProgress * 100)}%`}
                  </span>
                </div>
              )}
              <FieldError id="fileUrl-error" message={errors.fileUrl} />
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>Window {duration !== undefined && <>(source is {duration.toFixed(1)} s)</>}</legend>
          <div class="row">
            <Field id="start" label="Start (seconds)" error={errors.start}>
              <input
                id="start"
                type="number"
                min={0}
                step="0.1"
                value={start}
                onInput={(e) => setStart(e.currentTarget.value)}
                {...describedBy('start', errors.start)}
              />
            </Field>
            <Field id="end" label="End (seconds)" error={errors.end}>
              <input
                id="end"
                type="number"
                min={0}
                step="0.1"
                max={duration}
                value={end}
                onInput={(e) => setEnd(e.currentTarget.value)}
                {...describedBy('end', errors.end)}
              />
            </Field>
          </div>
        </fieldset>

        <fieldset>
          <legend>Shorts</legend>
          <div class="row">
            <ChoiceField
              field="preferredLength"
              label="Preferred length"
              choices={PREFERRED_LENGTHS}
              value={options.preferredLength ?? DEFAULTS.preferredLength}
              error={errors.preferredLength}
              onChange={(value) => set('preferredLength', value)}
            />
            <ChoiceField
              field="layout"
              label="Layout"
              choices={LAYOUTS}
              value={options.layout ?? DEFAULTS.layout}
              error={errors.layout}
              onChange={(value) => set('layout', value)}
            />
            <ChoiceField
              field="language"
              label="Language"
              choices={LANGUAGES}
              value={options.language ?? DEFAULTS.language}
              error={errors.language}
              onChange={(value) => set('language', value)}
            />
            <Field id="captionLanguage" label="Caption language" error={errors.captionLanguage}>
              <select
                id="captionLanguage"
                value={options.captionLanguage ?? ''}
                onChange={(e) =>
                  set(
                    'captionLanguage',
                    (e.currentTarget.value || undefined) as CreateInput['captionLanguage'],
                  )
                }
              >
                <option value="">Same as the video</option>
                {LANGUAGES.map((value) => (
                  <option key={value} value={value}>
                    {value}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <div class="checks">
            <label>
              <input
                type="checkbox"
                checked={options.noClipping ?? false}
                onChange={(e) => set('noClipping', e.currentTarget.checked)}
              />{' '}
              One short of the whole window (no clipping)
            </label>
            <label>
              <input
                type="checkbox"
                checked={options.hookTitle ?? false}
                onChange={(e) => set('hookTitle', e.currentTarget.checked)}
              />{' '}
              Hook title at the start
            </label>
          </div>
        </fieldset>

        <fieldset class="picker">
          <legend>Caption template</legend>
          {loadError && <p class="field-error">{loadError}</p>}
          <div class="cards">
            {catalogues?.templates.map((template) => (
              <label class="pick" key={template.templateId}>
                <input
                  type="radio"
                  name="templateId"
                  value={template.templateId}
                  checked={templateId === template.templateId}
                  onChange={() => set('templateId', template.templateId)}
                />
                {template.ready ? (
                  <img src={template.thumbnail} alt="" loading="lazy" width={96} height={170} />
                ) : (
                  <Placeholder />
                )}
                <span>{template.displayName}</span>
              </label>
            ))}
          </div>
          <FieldError id="templateId-error" message={errors.templateId} />
        </fieldset>

        <fieldset>
          <legend>Extras</legend>
          <div class="checks">
            <label>
              <input
                type="checkbox"
                checked={options.music ?? false}
                onChange={(e) => set('music', e.currentTarget.checked)}
              />{' '}
              Background music
            </label>
            <label>
              <input
                type="checkbox"
                checked={options.gameVideo ?? false}
                onChange={(e) => set('gameVideo', e.currentTarget.checked)}
              />{' '}
              Game video beside the speaker
            </label>
            <label>
              <input
                type="checkbox"
                checked={options.memeHook ?? false}
                onChange={(e) => set('memeHook', e.currentTarget.checked)}
              />{' '}
              Meme hook at the start
            </label>
            <label>
              <input
                type="checkbox"
                checked={options.ctaEnabled ?? false}
                onChange={(e) => set('ctaEnabled', e.currentTarget.checked)}
              />{' '}
              Call to action at the end
            </label>
          </div>
          {options.music && catalogues && (
            <>
              <MusicPicker
                items={catalogues.music}
                chosen={options.musicName}
                onChoose={(name) => set('musicName', name)}
                error={errors.musicName}
              />
              <Field id="musicVolume" label="Music volume (0–100)" error={errors.musicVolume}>
                <input
                  id="musicVolume"
                  type="number"
                  min={0}
                  max={100}
                  value={options.musicVolume ?? DEFAULTS.musicVolume}
                  onInput={(e) => set('musicVolume', Number(e.currentTarget.value))}
                  {...describedBy('musicVolume', errors.musicVolume)}
                />
              </Field>
            </>
          )}
          {options.gameVideo && catalogues && (
            <AssetPicker
              legend="Game video"
              name="gameVideoName"
              items={catalogues.gameVideos}
              chosen={options.gameVideoName}
              onChoose={(name) => set('gameVideoName', name)}
              error={errors.gameVideoName}
            />
          )}
          {options.memeHook && catalogues && (
            <AssetPicker
              legend="Meme hook"
              name="memeHookName"
              items={catalogues.memeHooks}
              chosen={options.memeHookName}
              onChoose={(name) => set('memeHookName', name)}
              error={errors.memeHookName}
            />
          )}
          {options.ctaEnabled && (
            <Field id="ctaText" label="Call-to-action text" error={errors.ctaText}>
              <input
                id="ctaText"
                type="text"
                maxLength={200}
                value={options.ctaText ?? ''}
                onInput={(e) => set('ctaText', e.currentTarget.value)}
                {...describedBy('ctaText', errors.ctaText)}
              />
            </Field>
          )}
          <Field id="webhookUrl" label="Webhook URL (optional)" error={errors.webhookUrl}>
            <input
              id="webhookUrl"
              type="url"
              value={options.webhookUrl ?? ''}
              onInput={(e) => set('webhookUrl', e.currentTarget.value || undefined)}
              {...describedBy('webhookUrl', errors.webhookUrl)}
            />
          </Field>
        </fieldset>

        <FieldError id="form-error" message={elsewhere || undefined} />
        <button type="submit" disabled={busy}>
          {busy ? 'Submitting…' : 'Create shorts'}
        </button>
      </form>
    </section>
  );
}
