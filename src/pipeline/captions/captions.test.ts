import { describe, expect, it } from 'vitest';
import type { Word } from '../../domain/transcript.ts';
import { assColor, assTime, buildAss, escapeAssText } from './ass.ts';
import { displayText, layoutCaptions, paginate, safeWidth, textWidth } from './layout.ts';
import { toSrt, toVtt } from './subtitles.ts';
import { DEFAULT_TEMPLATE_ID, findTemplate, TEMPLATES } from './templates.ts';

const FRAME = { width: 1080, height: 1920 };

function words(text: string, start = 0, step = 0.4): Word[] {
  return text
    .split(' ')
    .map((token, i) => ({ text: token, start: start + i * step, end: start + i * step + step * 0.8 }));
}

describe('templates', () => {
  it('keeps the nine ids and names of the reference service, Karaoke first', () => {
    expect(TEMPLATES.map((t) => [t.templateId, t.name])).toEqual([
      ['660b8531aedb346bbe26eb43', 'karaoke'],
      ['66e386d23b11d1a71b755e44', 'hormozi1'],
      ['66fcc4c67769688a1d5ad08a', 'hormozi2'],
      ['66a8bc861029156127f6c89a', 'ali'],
      ['660b85be34b1eda55a6a7f86', 'beast'],
      ['660b859818784d713119fcc7', 'simple'],
      ['66c5cda587afa8f65d4b127e', 'iman'],
      ['66fcd14d7769688a1d5ad08d', 'iman2'],
      ['68a848bc9526bfd0f3068334', 'box'],
    ]);
    expect(DEFAULT_TEMPLATE_ID).toBe(TEMPLATES[0].templateId);
  });

  it('finds templates by id or name', () => {
    expect(findTemplate('66E386D23B11D1A71B755E44')?.name).toBe('hormozi1');
    expect(findTemplate('Beast')?.displayName).toBe('Mr Beast');
    expect(findTemplate('000000000000000000000000')).toBeUndefined();
    expect(findTemplate('comic')).toBeUndefined();
  });

  it('makes every template visibly distinct', () => {
    const looks = TEMPLATES.map((t) =>
      JSON.stringify([t.font, t.fontSize, t.textCase, t.highlightColor, t.box, t.activeWord, t.position]),
    );
    expect(new Set(looks).size).toBe(TEMPLATES.length);
  });
});

describe('layout', () => {
  const long =
    'Extraordinarily incomprehensible characteristically overwhelming responsibilities notwithstanding';

  it.each(TEMPLATES.map((t) => [t.name, t] as const))(
    '%s never runs a line off screen',
    (_name, template) => {
      const text = `${long} and a rather ordinary sentence that keeps going for quite a while with many words in it`;
      for (const page of layoutCaptions(words(text), template, FRAME)) {
        const lines: Word[][] = [[]];
        page.words.forEach((word, index) => {
          if (page.lineBreaks.includes(index)) lines.push([]);
          lines[lines.length - 1].push(word);
        });
        expect(lines.length).toBeLessThanOrEqual(2);
        for (const line of lines) {
          const width =
            textWidth(line.map((w) => displayText(w.text, template)).join(' '), template) * page.scale;
          expect(width).toBeLessThanOrEqual(safeWidth(FRAME.width, FRAME.height) + 1);
        }
      }
    },
  );

  it('pages at the template’s word limit, long pauses and sentence ends, keeping every word', () => {
    const template = findTemplate('karaoke')!;
    const input = [...words('one two three four five six seven'), ...words('Later. Then more', 10)];
    const pages = paginate(input, template);
    expect(pages.flat()).toEqual(input);
    expect(pages.map((p) => p.length)).toEqual([5, 2, 1, 2]);
  });

  it('applies the template’s letter case', () => {
    expect(displayText('Hello', findTemplate('hormozi1')!)).toBe('HELLO');
    expect(displayText('Hello', findTemplate('iman')!)).toBe('hello');
    expect(displayText('Hello', findTemplate('ali')!)).toBe('Hello');
  });
});

describe('ASS', () => {
  it('writes colours, times and safe text', () => {
    expect(assColor('#FFD400')).toBe('&H0000D4FF');
    expect(assTime(3723.456)).toBe('1:02:03.46');
    expect(escapeAssText('a {b} \\N c')).toBe('a (b) ＼N c');
  });

  it.each(TEMPLATES.map((t) => [t.name, t] as const))(
    '%s starts one event per word at the word’s time (±10 ms)',
    (_n, template) => {
      const input = words('The quick brown fox jumps over the lazy dog again and again today.', 0.237, 0.413);
      const ass = buildAss(input, template, FRAME);
      expect(ass).toContain('PlayResX: 1080');
      expect(ass).toContain(`Style: Caption,${template.font},`);
      const starts = ass
        .split('\n')
        .filter((line) => line.startsWith('Dialogue:'))
        .map((line) =>
          line
            .split(',')[1]
            .split(':')
            .reduce((total, part) => total * 60 + Number(part), 0),
        );
      expect(starts).toHaveLength(input.length);
      starts.forEach((start, i) => expect(Math.abs(start - input[i].start)).toBeLessThanOrEqual(0.01));
    },
  );

  it('highlights the spoken word', () => {
    const ass = buildAss(words('alpha beta'), findTemplate('hormozi2')!, FRAME);
    const events = ass.split('\n').filter((line) => line.startsWith('Dialogue:'));
    expect(events[0]).toContain('{\\1c&H003BE335}ALPHA{\\r} BETA');
    expect(events[1]).toContain('ALPHA {\\1c&H003BE335}BETA{\\r}');
  });
});

describe('SRT and VTT', () => {
  it('writes one cue per caption page', () => {
    const template = findTemplate('hormozi2')!;
    const input = words('one two three', 1);
    expect(toSrt(input, template)).toBe(
      '1\n00:00:01,000 --> 00:00:01,720\none two\n\n2\n00:00:01,800 --> 00:00:02,120\nthree\n',
    );
    expect(toVtt(input, template)).toBe(
      'WEBVTT\n\n00:00:01.000 --> 00:00:01.720\none two\n\n00:00:01.800 --> 00:00:02.120\nthree\n',
    );
  });
});
