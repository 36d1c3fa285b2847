import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from '../api.ts';
import { Confirm, CopyButton, ProgressBar, StatusBadge } from '../components.tsx';
import { isTerminal, useLiveStatus } from '../live.ts';
import { formatSeconds, secondsLeft, type ProgressSample } from '../progress.ts';
import type { RequestDetail, Short, Template } from '../types.ts';
import { ShortEditor } from './ShortEditor.tsx';

type PlayableShort = Short & {
  video_url: string;
  thumbnail_url: string;
  captions: { srt_url: string; vtt_url: string };
};

/** Retention removes a short's files after a while; the short itself, with its text, stays. */
const isPlayable = (short: Short): short is PlayableShort =>
  short.video_url !== null &&
  short.thumbnail_url !== null &&
  short.captions.srt_url !== null &&
  short.captions.vtt_url !== null;

function ShortPlayer({ short, rank, language }: { short: PlayableShort; rank: number; language: string }) {
  // a re-rendered short is a new file: keyed by its content, the player is swapped for one of the new file
  return (
    <video
      key={short.sha256}
      controls
      playsInline
      preload="metadata"
      src={short.video_url}
      poster={short.thumbnail_url}
      width={short.width}
      height={short.height}
      aria-label={`Short ${rank}: ${short.title}`}
    >
      <track kind="captions" src={short.captions.vtt_url} srclang={language} label="Captions" />
    </video>
  );
}

function ShortDownloads({ short }: { short: PlayableShort }) {
  return (
    <>
      <a class="button" href={short.video_url} download={`${short.id}.mp4`}>
        Download MP4
      </a>
      <a class="button secondary" href={short.captions.srt_url} download={`${short.id}.srt`}>
        SRT
      </a>
      <a class="button secondary" href={short.captions.vtt_url} download={`${short.id}.vtt`}>
        VTT
      </a>
    </>
  );
}

interface Editing {
  api: Api;
  requestId: string;
  sentences: RequestDetail['sentences'];
  templates: Template[];
  onQueued: () => void;
}

function ShortCard({
  short,
  rank,
  language,
  editing,
}: {
  short: Short;
  rank: number;
  language: string;
  /** present when the short can be edited (a completed request whose files are kept) */
  editing?: Editing;
}) {
  const [open, setOpen] = useState(false);
  const square = short.width === short.height;
  const expiredAt = 'expired_at' in short ? short.expired_at : undefined;
  return (
    <article class="short" aria-labelledby={`short-${short.id}`}>
      <div class={`phone${square ? ' square' : ''}`}>
        {isPlayable(short) ? (
          <ShortPlayer short={short} rank={rank} language={language} />
        ) : (
          <p class="expired">
            Its files were removed{expiredAt ? ` on ${new Date(expiredAt).toLocaleDateString()}` : ''}{' '}
            (retention).
          </p>
        )}
      </div>
      <div class="meta">
        <h3 id={`short-${short.id}`}>
          {rank}. {short.title}
        </h3>
        <p>
          <strong>Viral score {short.viral_score}</strong> · {short.duration.toFixed(1)} s
        </p>
        <p class="reason">{short.reason}</p>
        <p class="description">{short.description}</p>
        <div class="actions">
          <CopyButton text={short.description} label="Copy description" />
          {isPlayable(short) && <ShortDownloads short={short} />}
          {editing && (
            <button type="button" class="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
              {open ? 'Close editor' : 'Edit'}
            </button>
          )}
        </div>
        {short.recompiling && (
          <p class="recompiling" role="status">
            Rendering again… the current file plays until the new one is ready.
          </p>
        )}
        {editing && open && <ShortEditor {...editing} short={short} />}
      </div>
    </article>
  );
}

export function RequestPage({ api, id }: { api: Api; id: string }) {
  const [detail, setDetail] = useState<RequestDetail>();
  const [error, setError] = useState<string>();
  const [gone, setGone] = useState(false);
  const first = useRef<ProgressSample | undefined>(undefined);
  const [left, setLeft] = useState<number>();
  const [templates, setTemplates] = useState<Template[]>([]);
  const load = () =>
    api.get<RequestDetail>(`/shorts/${id}`).then(setDetail, (failure: Error) => setError(failure.message));
  useEffect(() => void load(), [id]);
  const editable = detail?.status === 'completed' && detail.shorts.every((short) => short.video_url !== null);
  useEffect(() => {
    if (editable && templates.length === 0)
      void api.get<{ templates: Template[] }>('/templates').then((answer) => setTemplates(answer.templates));
  }, [editable]);
  // while a short renders again, the request is read again until it is done (its new files then play)
  const recompiling = detail?.shorts.some((short) => short.recompiling) ?? false;
  useEffect(() => {
    if (!recompiling) return;
    const timer = setInterval(() => void load(), 1500);
    return () => clearInterval(timer);
  }, [recompiling]);
  const live = useLiveStatus(api, id, detail !== undefined && !isTerminal(detail.status));
  const status = live.status ?? detail;

  useEffect(() => {
    if (!live.status) return;
    const sample = { at: Date.now(), progress: live.status.progress };
    first.current ??= sample;
    setLeft(secondsLeft(first.current, sample));
    if (isTerminal(live.status.status)) void load();
  }, [live.status]);

  if (gone || live.deleted)
    return (
      <section>
        <h1>Request deleted</h1>
        <p>
          It is gone, with its files. <a href="#/requests">Back to requests</a>
        </p>
      </section>
    );
  if (error)
    return (
      <section>
        <h1>Request</h1>
        <p class="field-error" role="alert">
          {error}
        </p>
      </section>
    );
  if (!detail || !status) return <p aria-busy="true">Loading…</p>;

  const shorts = [...detail.shorts].sort((a, b) => b.viral_score - a.viral_score);
  return (
    <section>
      <h1>{detail.title ?? 'Request'}</h1>
      <p class="muted">
        {id} · window {detail.start}–{detail.end} s · template {detail.template}
      </p>
      <div class="card status" aria-live="polite">
        <p>
          <StatusBadge status={status.status} /> <span class="step-message">{status.stepMessage}</span>
        </p>
        <ProgressBar value={status.progress} label="Progress" />
        {!isTerminal(status.status) && left !== undefined && <p>About {formatSeconds(left)} left</p>}
        {'failureReason' in status && status.failureReason && (
          <p class="field-error">{status.failureReason}</p>
        )}
        <div class="actions">
          {!isTerminal(status.status) && (
            <Confirm
              label="Cancel"
              question="Cancel this request?"
              onConfirm={() =>
                void api.call('POST', `/shorts/${id}/cancel`).then(load, (f: Error) => setError(f.message))
              }
            />
          )}
          <Confirm
            label="Delete"
            question="Delete this request and its shorts?"
            onConfirm={() =>
              void api.call('DELETE', `/shorts/${id}`).then(
                () => setGone(true),
                (f: Error) => setError(f.message),
              )
            }
          />
        </div>
      </div>
      {shorts.length > 0 && (
        <>
          <h2>Shorts, best first</h2>
          <div class="shorts">
            {shorts.map((short, index) => (
              <ShortCard
                key={short.id}
                short={short}
                rank={index + 1}
                language={detail.language}
                editing={
                  editable
                    ? {
                        api,
                        requestId: id,
                        sentences: detail.sentences,
                        templates,
                        onQueued: () => void load(),
                      }
                    : undefined
                }
              />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
