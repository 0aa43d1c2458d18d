// The window shows what core says a person may do; it never works it out. Every
// rule (who may verify, what a published story allows, when text is read-only)
// lives in dragoman-core, which answers with the story (`permissions`, `moves`).
// This fails on code in ui/src that compares a role or a status to decide
// something; a comparison for display (the publish button's label) is named in
// ALLOWED with its reason.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(import.meta.dirname);

/** Comparisons with a role, or with a story's status. */
const RULE = /\brole\s*[!=]==|[!=]==\s*'(translator|editor|reviewer)'|\bstatus\s*[!=]==\s*'(draft|translated|edited|published)'/;

/** Lines that compare for display, not to decide what is allowed. */
const ALLOWED: RegExp[] = [];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.(ts|svelte)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

export function ruleLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => RULE.test(line) && !ALLOWED.some((a) => a.test(line)))
    .map((line) => line.trim());
}

describe('rules live in core', () => {
  it('no UI code compares a role or a status to decide what is allowed', () => {
    const found = sources(SRC).flatMap((file) =>
      ruleLines(fs.readFileSync(file, 'utf8')).map((line) => `${path.relative(SRC, file)}: ${line}`),
    );
    expect(found, 'ask core (permissions, moves) instead:\n' + found.join('\n')).toEqual([]);
  });

  it('the check sees the comparisons that restated core', () => {
    expect(ruleLines("const isReviewer = session.identity?.role === 'reviewer';")).toHaveLength(1);
    expect(ruleLines("  if (status === 'published') return 'frozen';")).toHaveLength(1);
    expect(ruleLines("{:else if story.status === 'published'}")).toHaveLength(1);
    expect(ruleLines("{#if m.to === 'published'}")).toHaveLength(0);
    expect(ruleLines('const filtered = status !== \'\' || verification !== \'\';')).toHaveLength(0);
  });
});
