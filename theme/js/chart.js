// The radar chart: an axis per competency, a ring per level; the reader's
// scores now, the target and a compared snapshot as polygons. Built as SVG
// elements with text nodes; the download is the same chart serialised, with
// fixed colours and a white background so it reads outside the page.

import { uniqueId } from './dom.js';
import { matrix } from './matrix.js';
import { levelName, oneDecimal } from './labels.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 660;
const HEIGHT = 470;
const RADIUS = 150;
const CENTER_X = 330;
const CENTER_Y = 225;

function svg(tag, attributes, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

/** Words of a label in lines of at most about 20 characters. */
const wrap = (text) => text.match(/.{1,20}(\s|$)/g) ?? [text];

/**
 * `view`: { scores, target (index), snapshot?: { label, scores } } (the snapshot: what is compared).
 * `forFile`: for the download instead of the page.
 */
export function radarChart(view, forFile = false) {
  const { levels, competencies } = matrix;
  const levelCount = levels.length;
  const ink = forFile ? '#222' : 'currentColor';
  const faint = { stroke: ink, 'stroke-opacity': '.25' };
  const id = uniqueId();
  const point = (axis, value, radius = (RADIUS * Math.max(0, value)) / levelCount) => {
    const angle = (2 * Math.PI * axis) / competencies.length;
    return [CENTER_X + radius * Math.sin(angle), CENTER_Y - radius * Math.cos(angle)].map((x) => Number(x.toFixed(1)));
  };
  // `values`: one per competency, or one for all.
  const polygon = (values, attributes) =>
    svg('polygon', {
      points: competencies.map((_, axis) => point(axis, values[axis] ?? values).join(',')).join(' '),
      ...attributes,
    });

  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    width: WIDTH,
    height: HEIGHT,
    'font-family': 'sans-serif',
    'font-size': '12',
    role: 'img',
    'aria-labelledby': `${id}t ${id}d`,
  });
  if (!forFile) {
    chart.setAttribute('tabindex', '0');
  }
  const description = competencies
    .map((competency, index) => {
      const { met, score } = view.scores[index];
      return `${competency.title}: ${levelName(met)} (score ${oneDecimal(score)} of ${levelCount})`;
    })
    .join('; ');
  chart.append(
    svg('title', { id: `${id}t` }, `Radar chart: current level against target (${levels[view.target].title}) per competency`),
    svg('desc', { id: `${id}d` }, `${description}.`),
  );
  if (forFile) {
    chart.append(svg('rect', { width: '100%', height: '100%', fill: '#fff' }));
  }

  levels.forEach((level, index) => {
    chart.append(
      polygon(index + 1, { fill: 'none', ...faint }),
      svg(
        'text',
        { x: CENTER_X + 3, y: CENTER_Y - (RADIUS * (index + 1)) / levelCount + 11, fill: ink, 'font-size': '10' },
        level.title,
      ),
    );
  });

  competencies.forEach((competency, axis) => {
    const [x, y] = point(axis, levelCount);
    const [labelX, labelY] = point(axis, 0, RADIUS + 14);
    const lines = wrap(competency.title);
    const anchor = labelX > CENTER_X + 9 ? 'start' : labelX < CENTER_X - 9 ? 'end' : 'middle';
    let top = labelY + 4;
    if (labelY < CENTER_Y - 9) {
      top = labelY - 12 * (lines.length - 1);
    } else if (labelY > CENTER_Y + 9) {
      top = labelY + 10;
    }
    chart.append(
      svg('line', { x1: CENTER_X, y1: CENTER_Y, x2: x, y2: y, ...faint }),
      svg(
        'text',
        { fill: ink, 'text-anchor': anchor, y: top },
        ...lines.map((line, index) => svg('tspan', index ? { x: labelX, dy: 12 } : { x: labelX }, line.trim())),
      ),
    );
  });

  const series = [
    ['tg', '#b85c00', view.target + 1, `Target: ${levels[view.target].title}`, '6 4'],
    view.snapshot && [
      'sn',
      '#8e5cc7',
      view.snapshot.scores.map((s) => s.score),
      view.snapshot.label,
      '2 3',
    ],
    ['now', '#20609f', view.scores.map((s) => s.score), 'Now', 'none'],
  ].filter(Boolean);
  series.forEach(([name, colour, values, label, dashes], index) => {
    const line = { class: `cb-${name}`, stroke: colour, 'stroke-dasharray': dashes };
    const left = 20 + index * 210;
    chart.append(
      polygon(values, {
        ...line,
        fill: name === 'now' ? colour : 'none',
        'fill-opacity': '.25',
        'stroke-width': '2',
      }),
      svg('line', { ...line, x1: left, x2: left + 30, y1: 455, y2: 455, 'stroke-width': '3' }),
      svg('text', { x: left + 36, y: 459, fill: ink }, label),
    );
  });
  return chart;
}

/** The chart as an SVG file's text. */
export const chartFile = (view) => new XMLSerializer().serializeToString(radarChart(view, true));
