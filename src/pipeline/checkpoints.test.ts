import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStorage } from '../storage/local.ts';
import { Checkpoints } from './checkpoints.ts';
import { CancelledError } from '../domain/errors.ts';

describe('Checkpoints', () => {
  let dir: string;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs a stage once and replays its stored output afterwards', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cf-ckpt-'));
    let runs = 0;
    const work = async () => ({ value: ++runs });
    expect(await new Checkpoints(dir).stage('a', work)).toEqual({ value: 1 });
    expect(await new Checkpoints(dir).stage('a', work)).toEqual({ value: 1 });
    expect(runs).toBe(1);
    expect(await readdir(dir)).toEqual(['stage-a.json']);
  });

  it('stores nothing when the stage fails, so a retry runs it again', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cf-ckpt-'));
    const checkpoints = new Checkpoints(dir);
    await expect(checkpoints.stage('b', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await checkpoints.read('b')).toBeUndefined();
    expect(await checkpoints.stage('b', async () => 7)).toBe(7);
  });

  it('never makes the folder again once it was removed (a deleted request leaves nothing)', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cf-ckpt-'));
    const checkpoints = new Checkpoints(path.join(dir, 'job'));
    await expect(checkpoints.write('framing-1', { kind: 'fill' })).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(path.join(dir, 'job'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('starts no stage and writes nothing once the job is stopped', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cf-ckpt-'));
    const stopped = new AbortController();
    const checkpoints = new Checkpoints(dir, stopped.signal);
    stopped.abort();
    let ran = false;
    await expect(checkpoints.stage('c', async () => (ran = true))).rejects.toBeInstanceOf(CancelledError);
    await expect(checkpoints.write('d', 1)).rejects.toBeInstanceOf(CancelledError);
    expect(ran).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });

  it('with shared storage, another host resumes from the portable stages and redoes the host-local ones', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cf-ckpt-'));
    const bucket = new LocalStorage(path.join(dir, 'bucket'));
    const shared = { storage: bucket, prefix: 'work/r1/', hostLocal: new Set(['ingest']) };
    const hostA = path.join(dir, 'a');
    const hostB = path.join(dir, 'b');
    await Promise.all([mkdir(hostA), mkdir(hostB)]);
    const runs: string[] = [];
    const stage = (checkpoints: Checkpoints, name: string) =>
      checkpoints.stage(name, async () => {
        runs.push(name);
        return { name };
      });
    const onA = new Checkpoints(hostA, undefined, shared);
    await stage(onA, 'ingest');
    await stage(onA, 'transcript');
    expect(await readdir(path.join(dir, 'bucket', 'work', 'r1'))).toEqual(['stage-transcript.json']);
    const onB = new Checkpoints(hostB, undefined, shared);
    expect(await stage(onB, 'ingest')).toEqual({ name: 'ingest' });
    expect(await stage(onB, 'transcript')).toEqual({ name: 'transcript' });
    expect(runs).toEqual(['ingest', 'transcript', 'ingest']);
  });
});
