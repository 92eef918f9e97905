// The radar chart: an axis per competency, a ring per level; the reader's
// scores now, the target and a compared snapshot as polygons. The axes and
// the competencies' names are in the page already (drawn at build time by
// src/render/svg.rs, radar_frame); here the rings of the reader's track, the
// polygons, the legend and the text alternative are drawn into it, as SVG
// elements with text nodes. The download is the same chart serialised, with
// fixed colours and a white background so it reads outside the page.

import { $ } from './dom.js';
import { matrix } from './matrix.js';
import { levelName, oneDecimal } from './labels.js';

const SVG = 'http://www.w3.org/2000/svg';
// The geometry of the page's chart (src/render/svg.rs).
const RADIUS = 150;
const CENTER_X = 330;
const CENTER_Y = 225;
const FAINT = { fill: 'none', stroke: 'currentColor', 'stroke-opacity': '.25' };

function svg(tag, attributes, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

/**
 * Draws `view` into the page's chart `chart` (an <svg>).
 * `view`: { scores, target (index), snapshot?: { label, scores } } (the snapshot: what is compared).
 */
export function drawChart(chart, view) {
  const { levels, competencies } = matrix;
  const levelCount = levels.length;
  const targetTitle = levels[view.target].title;
  const point = (axis, value) => {
    const radius = (RADIUS * Math.max(0, value)) / levelCount;
    const angle = (2 * Math.PI * axis) / competencies.length;
    return [CENTER_X + radius * Math.sin(angle), CENTER_Y - radius * Math.cos(angle)].map((x) => x.toFixed(1));
  };
  // `values`: one per competency, or one for all.
  const polygon = (values, attributes) =>
    svg('polygon', {
      points: competencies.map((_, axis) => point(axis, values[axis] ?? values).join(',')).join(' '),
      ...attributes,
    });

  $('title', chart).textContent = `Radar chart: current level against target (${targetTitle}) per competency`;
  const description = competencies.map((competency, index) => {
    const { met, score } = view.scores[index];
    return `${competency.title}: ${levelName(met)} (score ${oneDecimal(score)} of ${levelCount})`;
  });
  $('desc', chart).textContent = `${description.join('; ')}.`;

  $('.cb-rings', chart).replaceChildren(
    ...levels.flatMap((level, index) => [
      polygon(index + 1, FAINT),
      svg(
        'text',
        { x: CENTER_X + 3, y: CENTER_Y - (RADIUS * (index + 1)) / levelCount + 11, 'font-size': '10' },
        level.title,
      ),
    ]),
  );

  const series = [
    ['tg', '#b85c00', view.target + 1, `Target: ${targetTitle}`, '6 4'],
    view.snapshot && ['sn', '#8e5cc7', view.snapshot.scores.map((s) => s.score), view.snapshot.label, '2 3'],
    ['now', '#20609f', view.scores.map((s) => s.score), 'Now', 'none'],
  ].filter(Boolean);
  $('.cb-series', chart).replaceChildren(
    ...series.flatMap(([name, colour, values, label, dashes], index) => {
      const line = { class: `cb-${name}`, stroke: colour, 'stroke-dasharray': dashes };
      const left = 20 + index * 210;
      return [
        polygon(values, {
          ...line,
          fill: name === 'now' ? colour : 'none',
          'fill-opacity': '.25',
          'stroke-width': '2',
        }),
        svg('line', { ...line, x1: left, x2: left + 30, y1: 455, y2: 455, 'stroke-width': '3' }),
        svg('text', { x: left + 36, y: 459 }, label),
      ];
    }),
  );
}

/** The page's chart `chart` as an SVG file's text. */
export function chartFile(chart) {
  const copy = chart.cloneNode(true);
  copy.removeAttribute('tabindex');
  $('desc', copy).after(svg('rect', { width: '100%', height: '100%', fill: '#fff' }));
  return new XMLSerializer().serializeToString(copy).replaceAll('currentColor', '#222');
}
