import { CLIENTS, type ClientName } from '../clients/types.js';

/** One measured figure for each client that has it. */
export interface Row {
  measure: string;
  unit: string;
  values: Partial<Record<ClientName, number>>;
  /** The widest (max - min) / median over rounds of any client, when measured in rounds. */
  spread?: number;
}

/** The rows of one section, with what the reader needs to know about how they were measured. */
export interface Section {
  title: string;
  /** Column titles, when not the clients' own. */
  columns?: Record<ClientName, string>;
  rows: Row[];
  notes: string[];
}

/** How the three clients are headed in the tables. */
export const COLUMN_TITLES: Record<ClientName, string> = { 'rx-dynamodb': 'rx-dynamodb', 'aws-sdk-v3': 'AWS SDK v3', raw: 'raw floor' };

function format(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? '–' : `${(a / b).toFixed(2)}×`);

/**
 * One section as a Markdown table: a column per client, then rx-dynamodb / SDK, rx-dynamodb / raw,
 * and the spread of the rounds (the worst client's (max - min) / median).
 */
export function sectionMarkdown(section: Section): string {
  const columns = section.columns ?? COLUMN_TITLES;
  const head = ['Measure', 'Unit', ...CLIENTS.map((c) => columns[c]), 'rx / SDK', 'rx / raw', 'spread'];
  const lines = [`### ${section.title}`, '', `| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of section.rows) {
    const rx = row.values['rx-dynamodb'];
    const spread = row.spread === undefined || Number.isNaN(row.spread) ? '–' : `${Math.round(row.spread * 100)}%`;
    const cells = [row.measure, row.unit, ...CLIENTS.map((c) => format(row.values[c])), ratio(rx, row.values['aws-sdk-v3']), ratio(rx, row.values.raw), spread];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (section.notes.length) lines.push('', ...section.notes.map((note) => `- ${note}`));
  return lines.join('\n');
}

/** A target and how the measured figure compares. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | undefined;
  comment: string;
}

/** The targets as a Markdown table. */
export function targetsMarkdown(checks: TargetCheck[]): string {
  const lines = ['| Target | Measured | Status |', '| --- | --- | --- |'];
  for (const check of checks) {
    const status = check.met === undefined ? (check.measured === '–' ? 'not measured' : 'no target') : check.met ? 'met' : 'missed';
    lines.push(`| ${check.target} | ${check.measured} | ${status}${check.comment ? ` (${check.comment})` : ''} |`);
  }
  return lines.join('\n');
}
