// The desk drawn before Svelte runs, from the answers the shell served in the page.
//
// At start the window's first frame waited for the app's bundle to load, mount
// and lay out the desk (`make bench-desktop`). boot.ts draws this copy of the
// desk's first screen as soon as the page is parsed, marked inert, then loads
// the app, which takes over once its own desk has its rows (main.ts).
//
// The markup is the Svelte components' own (App, TitleBar, Desk, DeskSummary,
// StoryList) for the same data, element for element and class for class;
// first-desk.test.ts renders both and compares them, so a change to one of those
// components that is not made here fails that test.

import type { DeskInfo, DeskOverview, InboxStatus, StoryPage, StorySummary } from '../api';
import { DESK_CHART, dayBars } from '../lib/chart';
import {
  ago,
  count,
  dayLabel,
  deadlineLabel,
  initials,
  languageName,
  overdue,
  plural,
  statusLabel,
  verificationLabel,
} from '../lib/format';
import { ASSIGNMENTS, ORDERS, STATUSES, VERIFICATIONS } from '../lib/states';
import { DESK_ROW as ROW, visibleRange } from '../lib/windowing';
import { DESK_QUESTIONS, questionKey, type Question } from './first-answers';

/** The attribute that marks the drawn copy until the app replaces it (main.ts). */
export const FIRST_PAINT = 'data-first-paint';

/** What the desk's first screen shows. */
export interface FirstDesk {
  info: DeskInfo;
  overview: DeskOverview;
  page: StoryPage;
  inbox: InboxStatus;
}

const { width: CHART_W, height: CHART_H } = DESK_CHART;

/**
 * The desk's first screen from the served answers, or null when one is missing
 * or the screen would show more than this copy draws (an inbox that cannot be
 * watched); the app then draws the desk itself.
 */
export function firstDeskFrom(answers: Map<string, unknown>): FirstDesk | null {
  const take = (q: Question) => answers.get(questionKey(...q));
  const info = take(DESK_QUESTIONS.info) as DeskInfo | undefined;
  const overview = take(DESK_QUESTIONS.counts) as DeskOverview | undefined;
  const page = take(DESK_QUESTIONS.page) as StoryPage | undefined;
  const inbox = take(DESK_QUESTIONS.inbox) as InboxStatus | undefined;
  if (!info || !overview?.counts || !Array.isArray(overview.perDay) || !page || !Array.isArray(page.stories)) {
    return null;
  }
  if (!inbox || inbox.error) return null;
  return { info, overview, page, inbox };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or an attribute value, safe inside markup. */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function titleBar(info: DeskInfo): string {
  const identity = info.identity;
  const who = identity
    ? `<span class="avatar dg-titlebar" aria-hidden="true">${esc(initials(identity.name) || '?')}</span> ` +
      `<span class="who dg-titlebar"><span class="who-name dg-titlebar">${esc(identity.name)}</span> ` +
      `<span class="who-role dg-titlebar">${esc(identity.role)}</span></span>`
    : `<span class="avatar empty dg-titlebar" aria-hidden="true">?</span> <span class="who-name dg-titlebar">Who are you?</span>`;
  return (
    `<header class="titlebar dg-titlebar">` +
    `<button class="brand ghost dg-titlebar" title="Back to the desk">` +
    `<svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">` +
    `<rect x="2" y="3" width="9" height="18" rx="2" fill="var(--accent)"></rect>` +
    `<rect x="13" y="3" width="9" height="18" rx="2" fill="none" stroke="var(--accent)" stroke-width="2"></rect>` +
    `<path d="M15.5 8h4M15.5 12h4M15.5 16h2.5" stroke="var(--accent)" stroke-width="1.6" stroke-linecap="round"></path>` +
    `</svg> <span class="name dg-titlebar">Dragoman</span></button> ` +
    `<nav class="dg-titlebar"><button data-testid="open-desk" class="ghost dg-titlebar active">Desk</button> ` +
    `<button data-testid="open-settings" class="ghost dg-titlebar">Settings</button></nav> ` +
    `<div class="spacer dg-titlebar"></div> ` +
    `<button class="identity ghost dg-titlebar" data-testid="identity-button" title="Who is acting">${who}</button>` +
    `</header>`
  );
}

function summary(overview: DeskOverview): string {
  const c = overview.counts;
  const chips = (kind: 'status' | 'verification', values: readonly string[], label: (v: string) => string) =>
    values
      .map((v) => {
        const n = (kind === 'status' ? c.by_status[v] : c.by_verification[v]) ?? 0;
        return (
          `<button class="chip ${kind}-${esc(v)} dg-desksummary" data-${kind}="${esc(v)}" ` +
          `title="Show only ${esc(label(v).toLowerCase())} stories"><span class="dot dg-desksummary"></span>` +
          `${esc(label(v))} <span class="n dg-desksummary">${count(n)}</span></button>`
        );
      })
      .join('');
  const days = overview.perDay;
  const bars = dayBars(days, CHART_W, CHART_H)
    .map(
      (b) =>
        `<rect rx="1" class="dg-desksummary" x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}">` +
        `<title>${esc(dayLabel(b.day))}: ${esc(b.count)} published</title></rect>`,
    )
    .join('');
  const published = days.reduce((n, d) => n + d.count, 0);
  return (
    `<section class="summary dg-desksummary" data-testid="desk-counts" aria-label="Stories per state">` +
    `<div class="total dg-desksummary"><span class="n dg-desksummary">${count(c.total)}</span> ` +
    `<span class="label dg-desksummary">${c.total === 1 ? 'story' : 'stories'}</span></div> ` +
    `<div class="group dg-desksummary">${chips('status', STATUSES, (s) => statusLabel(s as never))}</div> ` +
    `<div class="group dg-desksummary">${chips('verification', VERIFICATIONS, (v) => verificationLabel(v as never))}</div> ` +
    `<figure class="chart dg-desksummary"><svg role="img" width="${CHART_W}" height="${CHART_H + 1}" ` +
    `viewBox="0 0 ${CHART_W} ${CHART_H + 1}" aria-label="Stories published per day, last ${days.length} days">` +
    `<line x1="0" class="baseline dg-desksummary" x2="${CHART_W}" y1="${CHART_H + 0.5}" y2="${CHART_H + 0.5}"></line>` +
    `${bars}</svg> <figcaption class="dg-desksummary">${count(published)} published in the last ${days.length} days</figcaption>` +
    `</figure></section>`
  );
}

function toolbar(identified: boolean): string {
  const options = (first: string, values: readonly string[], label: (v: string) => string) =>
    `<option value="">${first}</option>` + values.map((v) => `<option value="${v}">${label(v)}</option>`).join('');
  return (
    `<div class="toolbar dg-desk"><div class="search dg-desk">` +
    `<svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" class="dg-desk">` +
    `<circle cx="11" cy="11" r="7" fill="none" stroke="currentColor" stroke-width="2"></circle>` +
    `<path d="m20 20-4-4" stroke="currentColor" stroke-width="2" stroke-linecap="round"></path></svg> ` +
    `<input type="search" placeholder="Search headlines, source and translation   /" data-testid="search-box" ` +
    `dir="auto" aria-label="Search stories" class="dg-desk"></div> ` +
    `<select data-testid="filter-status" aria-label="Filter by status">` +
    `${options('All statuses', STATUSES, (s) => statusLabel(s as never))}</select> ` +
    `<select data-testid="filter-verification" aria-label="Filter by verification">` +
    `${options('Any verification', VERIFICATIONS, (v) => verificationLabel(v as never))}</select> ` +
    `<select data-testid="filter-assignment" aria-label="Filter by assignment">` +
    ASSIGNMENTS.map(
      (a) => `<option value="${a.value}"${a.value === 'mine' && !identified ? ' disabled=""' : ''}>${esc(a.label)}</option>`,
    ).join('') +
    `</select> <select data-testid="sort-order" aria-label="Order of the stories">` +
    ORDERS.map((o) => `<option value="${o.value}">${esc(o.label)}</option>`).join('') +
    `</select> ` +
    `<div class="grow dg-desk"></div> ` +
    `<button class="primary" data-testid="new-story"><svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true">` +
    `<path d="M12 5v14M5 12h14" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"></path></svg> New story</button>` +
    `</div>`
  );
}

const EMPTY =
  `<div class="empty dg-desk" data-testid="desk-empty"><svg width="64" height="64" viewBox="0 0 24 24" aria-hidden="true">` +
  `<rect x="2.5" y="4" width="8.5" height="16" rx="1.5" fill="none" stroke="var(--border-strong)" stroke-width="1.2"></rect>` +
  `<rect x="13" y="4" width="8.5" height="16" rx="1.5" fill="none" stroke="var(--border-strong)" stroke-width="1.2"></rect>` +
  `<path d="M5 8h4M5 11h4M5 14h3" stroke="var(--text-faint)" stroke-width="1.2" stroke-linecap="round"></path></svg> ` +
  `<h2 class="dg-desk">The desk is empty</h2> <p class="muted dg-desk">Bring in a source article to translate: paste ` +
  `its text, choose files, or drop Markdown, text or HTML files anywhere on this window.</p> ` +
  `<button class="primary big dg-desk">Add your first story</button></div>`;

function row(story: StorySummary, index: number, now: Date): string {
  const lang = esc(story.source_language);
  const title = story.headline
    ? `<span class="title dg-storylist">${esc(story.headline)}</span>`
    : `<span class="title source dg-storylist" dir="auto" lang="${lang}">` +
      `${esc(story.source_headline || story.slug || `Story ${story.id}`)}</span>`;
  const p = story.progress;
  const late = overdue(story, now);
  const sub = story.headline
    ? `<span class="sub source dg-storylist" dir="auto" lang="${lang}">${esc(story.source_headline)}</span>`
    : `<span class="sub dg-storylist">Not yet headlined</span>`;
  return (
    `<div role="row" tabindex="-1" data-testid="story-row" class="row dg-storylist${index === 0 ? ' selected' : ''}" ` +
    `aria-rowindex="${index + 1}" data-id="${esc(story.id)}">` +
    `<span class="headline dg-storylist" role="gridcell"><span class="title-line dg-storylist"> ${title}</span> ${sub}</span> ` +
    `<span class="outlet dg-storylist" role="gridcell"><span class="dg-storylist">${esc(story.source_name || '—')}</span> ` +
    `<span class="sub dg-storylist">${esc(languageName(story.source_language))}</span></span> ` +
    `<span role="gridcell"><span class="badge status-${esc(story.status)} dg-storylist">${esc(statusLabel(story.status))}</span></span> ` +
    `<span role="gridcell"><span class="badge verification-${esc(story.verification)} dg-storylist">` +
    `${esc(verificationLabel(story.verification))}</span></span> ` +
    `<span class="progress dg-storylist" role="gridcell" title="${p.done} of ${p.total} rows done">` +
    `<span class="done dg-storylist">${p.done}/${p.total}</span>` +
    `<span class="sub dg-storylist">${esc(plural(p.source_words, 'word'))}</span></span> ` +
    `<span class="assignee dg-storylist" role="gridcell" data-testid="story-assignee">${esc(story.assignee || '—')}</span> ` +
    `<span class="due dg-storylist${late ? ' overdue' : ''}" role="gridcell" data-testid="story-due">` +
    `${esc(story.due ? deadlineLabel(story.due, now) : '—')}${late ? '<span class="late dg-storylist">Overdue</span>' : ''}</span> ` +
    `<span class="updated right dg-storylist" role="gridcell" title="${esc(story.updated_at)}">${esc(ago(story.updated_at, now))}</span>` +
    `</div>`
  );
}

function list(page: StoryPage, now: Date, height: number, overscan?: number): string {
  const range = visibleRange(0, height, ROW, page.total, overscan);
  const rows = page.stories
    .slice(range.start, range.end)
    .map((s, i) => row(s, range.start + i, now))
    .join('');
  return (
    `<div class="list dg-storylist" role="grid" aria-label="Stories" aria-rowcount="${esc(page.total)}">` +
    `<div class="head dg-storylist" role="row"><span role="columnheader">Headline</span> ` +
    `<span role="columnheader">Source</span> <span role="columnheader">Status</span> ` +
    `<span role="columnheader">Verification</span> <span role="columnheader">Progress</span> ` +
    `<span role="columnheader">Assigned</span> <span role="columnheader">Deadline</span> ` +
    `<span role="columnheader" class="right dg-storylist">Updated</span></div> ` +
    `<div class="viewport dg-storylist" tabindex="0" role="rowgroup">` +
    `<div class="spacer dg-storylist" style="height: ${esc(page.total * ROW)}px;">` +
    `<div class="window dg-storylist" style="transform: translateY(${range.start * ROW}px);">${rows}</div>` +
    `</div></div></div>`
  );
}

/**
 * The markup of the app showing the desk: `height` is how tall the list may be
 * (more only draws rows the window clips), `now` what "updated" counts from, and
 * `overscan` how many rows past the end it draws (by default what StoryList
 * draws, `visibleRange`'s; a copy that never scrolls needs none).
 */
export function firstDeskHtml(desk: FirstDesk, now: Date, height: number, overscan?: number): string {
  const empty = desk.page.total === 0;
  return (
    `<div class="app dg-app">${titleBar(desk.info)} <main class="dg-app"> <div class="desk dg-desk">` +
    `<div class="top dg-desk"><div class="title-row dg-desk"><h1>Desk</h1> ${summary(desk.overview)}</div> ${toolbar(!!desk.info.identity)}</div> ` +
    `${empty ? EMPTY : ''} <div class="body dg-desk${empty ? ' hidden' : ''}">${list(desk.page, now, height, overscan)}</div> ` +
    `</div></main></div> <div class="notices dg-notices" aria-live="polite"></div>`
  );
}
