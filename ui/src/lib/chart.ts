// Geometry of the desk's "published per day" chart, drawn as inline SVG (no chart
// library, nothing remote).

import type { DayCount } from '../api';

/** The size of the desk's chart, in pixels: its bars fit in this box. */
export const DESK_CHART = { width: 180, height: 36 } as const;

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  day: string;
  count: number;
}

/**
 * One bar per day, left to right, heights scaled to the busiest day. A day with
 * stories always gets at least `minHeight` so it is visible next to a busy one;
 * a day without any gets a zero-height bar (the baseline shows it).
 */
export function dayBars(days: DayCount[], width: number, height: number, gap = 2, minHeight = 2): Bar[] {
  if (days.length === 0 || width <= 0 || height <= 0) return [];
  const max = Math.max(1, ...days.map((d) => d.count));
  const slot = width / days.length;
  const barWidth = Math.max(1, slot - gap);
  return days.map((d, i) => {
    const h = d.count === 0 ? 0 : Math.max(minHeight, (d.count / max) * height);
    return {
      x: i * slot + (slot - barWidth) / 2,
      y: height - h,
      width: barWidth,
      height: h,
      day: d.day,
      count: d.count,
    };
  });
}
