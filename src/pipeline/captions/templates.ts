// The nine caption templates of the reference service (ids and names kept so clients' choices keep working),
// each an ASS look of its own: font, colours, outline or box, how the spoken word is shown, and position.

export type ActiveWordStyle =
  /** words already spoken take the highlight colour, like a karaoke sweep */
  | 'sweep'
  /** only the word being spoken takes the highlight colour */
  | 'color'
  /** the word being spoken takes the highlight colour and grows */
  | 'pop'
  /** no per-word treatment */
  | 'none';

export interface CaptionTemplate {
  templateId: string;
  name: string;
  displayName: string;
  order: number;
  font: string;
  /** font size in pixels at 1920 px output height */
  fontSize: number;
  bold: boolean;
  italic: boolean;
  textCase: 'upper' | 'lower' | 'as-spoken';
  /** #RRGGBB */
  textColor: string;
  highlightColor: string;
  outlineColor: string;
  outlineWidth: number;
  shadow: number;
  /** an opaque box behind the text in outlineColor instead of an outline */
  box: boolean;
  activeWord: ActiveWordStyle;
  maxWordsPerPage: number;
  /** vertical centre of the caption block, as a fraction of the output height */
  position: number;
  /** average glyph advance as a fraction of the font size, for line wrapping */
  glyphWidth: number;
}

export const DEFAULT_TEMPLATE_ID = '660b8531aedb346bbe26eb43';

export const TEMPLATES: readonly CaptionTemplate[] = [
  {
    templateId: '660b8531aedb346bbe26eb43',
    name: 'karaoke',
    displayName: 'Karaoke',
    order: 1,
    font: 'League Spartan',
    fontSize: 99,
    bold: true,
    italic: false,
    textCase: 'as-spoken',
    textColor: '#FFFFFF',
    highlightColor: '#FFD400',
    outlineColor: '#000000',
    outlineWidth: 6,
    shadow: 2,
    box: false,
    activeWord: 'sweep',
    maxWordsPerPage: 5,
    position: 0.72,
    glyphWidth: 0.49,
  },
  {
    templateId: '66e386d23b11d1a71b755e44',
    name: 'hormozi1',
    displayName: 'Hormozi 1',
    order: 2,
    font: 'League Spartan',
    fontSize: 116,
    bold: true,
    italic: false,
    textCase: 'upper',
    textColor: '#FFFFFF',
    highlightColor: '#FFE600',
    outlineColor: '#000000',
    outlineWidth: 8,
    shadow: 3,
    box: false,
    activeWord: 'pop',
    maxWordsPerPage: 3,
    position: 0.68,
    glyphWidth: 0.58,
  },
  {
    templateId: '66fcc4c67769688a1d5ad08a',
    name: 'hormozi2',
    displayName: 'Hormozi 2',
    order: 3,
    font: 'League Spartan',
    fontSize: 125,
    bold: true,
    italic: false,
    textCase: 'upper',
    textColor: '#FFFFFF',
    highlightColor: '#35E33B',
    outlineColor: '#000000',
    outlineWidth: 9,
    shadow: 0,
    box: false,
    activeWord: 'color',
    maxWordsPerPage: 2,
    position: 0.55,
    glyphWidth: 0.58,
  },
  {
    templateId: '66a8bc861029156127f6c89a',
    name: 'ali',
    displayName: 'Ali',
    order: 4,
    font: 'Inter',
    fontSize: 85,
    bold: true,
    italic: false,
    textCase: 'as-spoken',
    textColor: '#FFFFFF',
    highlightColor: '#B794F6',
    outlineColor: '#1A1A1A',
    outlineWidth: 3,
    shadow: 4,
    box: false,
    activeWord: 'color',
    maxWordsPerPage: 6,
    position: 0.76,
    glyphWidth: 0.53,
  },
  {
    templateId: '660b85be34b1eda55a6a7f86',
    name: 'beast',
    displayName: 'Mr Beast',
    order: 5,
    font: 'Bebas Neue',
    fontSize: 168,
    bold: false,
    italic: false,
    textCase: 'upper',
    textColor: '#FFFFFF',
    highlightColor: '#FF3B3B',
    outlineColor: '#000000',
    outlineWidth: 10,
    shadow: 5,
    box: false,
    activeWord: 'pop',
    maxWordsPerPage: 2,
    position: 0.6,
    glyphWidth: 0.4,
  },
  {
    templateId: '660b859818784d713119fcc7',
    name: 'simple',
    displayName: 'Simple',
    order: 6,
    font: 'Open Sans',
    fontSize: 74,
    bold: true,
    italic: false,
    textCase: 'as-spoken',
    textColor: '#FFFFFF',
    highlightColor: '#FFFFFF',
    outlineColor: '#000000',
    outlineWidth: 2,
    shadow: 3,
    box: false,
    activeWord: 'none',
    maxWordsPerPage: 8,
    position: 0.8,
    glyphWidth: 0.51,
  },
  {
    templateId: '66c5cda587afa8f65d4b127e',
    name: 'iman',
    displayName: 'Iman',
    order: 7,
    font: 'Lato',
    fontSize: 101,
    bold: true,
    italic: false,
    textCase: 'lower',
    textColor: '#FFFFFF',
    highlightColor: '#FF9F1C',
    outlineColor: '#000000',
    outlineWidth: 5,
    shadow: 0,
    box: false,
    activeWord: 'color',
    maxWordsPerPage: 3,
    position: 0.64,
    glyphWidth: 0.48,
  },
  {
    templateId: '66fcd14d7769688a1d5ad08d',
    name: 'iman2',
    displayName: 'Iman 2',
    order: 8,
    font: 'Roboto',
    fontSize: 94,
    bold: true,
    italic: true,
    textCase: 'upper',
    textColor: '#FFFFFF',
    highlightColor: '#29D3FF',
    outlineColor: '#0B0B0B',
    outlineWidth: 5,
    shadow: 2,
    box: false,
    activeWord: 'sweep',
    maxWordsPerPage: 4,
    position: 0.74,
    glyphWidth: 0.55,
  },
  {
    templateId: '68a848bc9526bfd0f3068334',
    name: 'box',
    displayName: 'Box',
    order: 9,
    font: 'Inter',
    fontSize: 87,
    bold: true,
    italic: false,
    textCase: 'as-spoken',
    textColor: '#111111',
    highlightColor: '#E0245E',
    outlineColor: '#FFFFFF',
    outlineWidth: 14,
    shadow: 0,
    box: true,
    activeWord: 'color',
    maxWordsPerPage: 4,
    position: 0.72,
    glyphWidth: 0.53,
  },
];

export function findTemplate(idOrName: string): CaptionTemplate | undefined {
  const wanted = idOrName.trim();
  if (/^[0-9a-fA-F]{24}$/.test(wanted)) return TEMPLATES.find((t) => t.templateId === wanted.toLowerCase());
  return TEMPLATES.find((t) => t.name === wanted.toLowerCase());
}
