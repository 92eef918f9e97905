//! Inline SVG diagrams generated at build time (no JavaScript, no external
//! resources, no fonts fetched).
//!
//! Each function returns one `<svg>…</svg>` string on a single line (no
//! blank lines, no indentation), so it can sit inside an HTML block in
//! Markdown. Colours come from `currentColor` with opacities, so the
//! diagrams work on mdBook's light and dark themes; the `cb-svg-*` classes
//! are hooks for stylesheets, which override the inline defaults.
//!
//! Every diagram has a `<title>` (the label) and a `<desc>` listing its items
//! in order (the text alternative). Ids come from a hash of the label and the
//! contents, so the output is deterministic and two different diagrams on the
//! same page do not clash.

use std::fmt::Write as _;

use super::format::{classify_url, esc, fingerprint};

/// One rung of the level ladder.
pub struct LadderLevel<'a> {
    /// e.g. "Staff engineer"
    pub title: &'a str,
    /// e.g. "Domains"
    pub scope: &'a str,
    /// Link target (already a relative URL), if the level has a page.
    pub href: Option<String>,
}

/// One path through the levels (indices into the levels, first to last).
pub struct LadderTrack<'a> {
    pub title: &'a str,
    pub levels: &'a [usize],
}

/// One step of a framework.
pub struct FlowStep<'a> {
    pub title: &'a str,
    pub href: Option<String>,
}

/// Width of the content column the diagrams are designed for.
const COLUMN: f64 = 700.0;
/// Room around the drawing so strokes are not clipped.
const MARGIN: f64 = 6.0;
/// Padding inside boxes.
const PAD: f64 = 10.0;
/// Title font size and line height.
const FONT: f64 = 13.0;
const LINE: f64 = 16.0;
/// Secondary text (scopes) font size and line height.
const SMALL: f64 = 12.0;
const SMALL_LINE: f64 = 15.0;
/// Most lines a title wraps onto; the rest is cut with an ellipsis.
const TITLE_LINES: usize = 3;
const SCOPE_LINES: usize = 2;
/// Steps per row in a flow before it wraps.
const FLOW_COLUMNS: usize = 4;
/// Room between a flow's boxes for the arrows, and the boxes' side padding.
const FLOW_GAP: f64 = 28.0;
const FLOW_PAD: f64 = 7.0;

/// The level ladder: a staircase rising left to right, one step per level,
/// each labelled with its title and scope; the steps are links when `href`
/// is `Some`. A ladder with several tracks forks: see [`forked_ladder`].
pub fn ladder(levels: &[LadderLevel<'_>], tracks: &[LadderTrack<'_>], label: &str) -> String {
    if levels.is_empty() {
        return String::new();
    }
    if tracks.len() > 1 {
        return forked_ladder(levels, tracks, label);
    }
    let n = levels.len();
    let nf = n as f64;
    let sw = ((COLUMN - 2.0 * MARGIN) / nf).floor().clamp(110.0, 170.0);
    let inner = sw - 2.0 * PAD;
    let rise = 26.0;

    let laid: Vec<(Wrapped, Wrapped)> = levels
        .iter()
        .map(|l| {
            (
                fit(l.title, inner, FONT, true, TITLE_LINES),
                fit(l.scope, inner, SMALL, false, SCOPE_LINES),
            )
        })
        .collect();
    let text_h = laid
        .iter()
        .map(|(t, s)| {
            let scope = if s.lines.is_empty() {
                0.0
            } else {
                4.0 + s.lines.len() as f64 * SMALL_LINE
            };
            2.0 * PAD + t.lines.len().max(1) as f64 * LINE + scope
        })
        .fold(0.0, f64::max);

    let width = 2.0 * MARGIN + nf * sw;
    let base = MARGIN + (nf - 1.0) * rise + text_h;
    let height = base + MARGIN;

    let mut h = Hasher::new("ladder", label);
    for l in levels {
        h.field(l.title);
        h.field(l.scope);
        h.field(l.href.as_deref().unwrap_or(""));
    }
    let id = h.id();

    let mut desc = format!(
        "{n} level{}, from lowest to highest: ",
        if n == 1 { "" } else { "s" }
    );
    for (i, l) in levels.iter().enumerate() {
        if i > 0 {
            desc.push_str("; ");
        }
        let _ = write!(desc, "{}. {}", i + 1, ladder_name(l));
    }
    desc.push('.');

    let hrefs: Vec<Option<String>> = levels
        .iter()
        .map(|l| l.href.as_deref().and_then(safe_href))
        .collect();
    let linked = hrefs.iter().any(Option::is_some);
    let mut out = open("cb-svg-ladder", &id, width, height, label, &desc, linked);

    for (i, (l, (title, scope))) in levels.iter().zip(&laid).enumerate() {
        let x = MARGIN + i as f64 * sw;
        let y = MARGIN + (nf - 1.0 - i as f64) * rise;
        let opacity = if n == 1 {
            0.12
        } else {
            0.05 + 0.17 * i as f64 / (nf - 1.0)
        };
        draw_step(
            &mut out,
            &ladder_name(l),
            hrefs[i].as_deref(),
            (x, y, sw, base - y),
            opacity,
            false,
            &[title, scope],
        );
    }

    // Separators between steps, then the staircase's outline on top.
    for i in 1..n {
        let x = MARGIN + i as f64 * sw;
        let y = MARGIN + (nf - 1.0 - i as f64) * rise;
        let _ = write!(
            out,
            "<path d=\"M{} {}V{}\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\".25\" \
             stroke-width=\"1\" aria-hidden=\"true\"/>",
            coord(x),
            coord(y),
            coord(base),
        );
    }
    let mut d = format!("M{} {}", coord(MARGIN), coord(base));
    for i in 0..n {
        let y = MARGIN + (nf - 1.0 - i as f64) * rise;
        let _ = write!(d, "V{}H{}", coord(y), coord(MARGIN + (i + 1) as f64 * sw));
    }
    let _ = write!(d, "V{}Z", coord(base));
    let _ = write!(
        out,
        "<path class=\"cb-svg-line\" d=\"{d}\" fill=\"none\" stroke=\"currentColor\" \
         stroke-opacity=\".6\" stroke-width=\"1.5\" stroke-linejoin=\"round\" aria-hidden=\"true\"/>"
    );
    out.push_str("</svg>");
    out
}

/// A ladder that forks: one lane per track, stacked; a level shared by
/// every track spans all lanes, the others sit in their track's lane with
/// the track's name. Each lane rises left to right like the plain ladder,
/// one column per position on the track.
fn forked_ladder(levels: &[LadderLevel<'_>], tracks: &[LadderTrack<'_>], label: &str) -> String {
    let columns = tracks
        .iter()
        .map(|t| t.levels.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let cf = columns as f64;
    let lanes = tracks.len();
    let sw = ((COLUMN - 2.0 * MARGIN) / cf).floor().clamp(110.0, 170.0);
    let inner = sw - 2.0 * PAD;
    let rise = 20.0;
    let gap = 8.0;
    // Where each level is drawn: its column, and the lanes it is on.
    let mut cells: Vec<(usize, usize, Vec<usize>)> = Vec::new(); // (level, column, lanes)
    for (lane, t) in tracks.iter().enumerate() {
        for (col, &l) in t.levels.iter().enumerate() {
            match cells.iter_mut().find(|(x, c, _)| *x == l && *c == col) {
                Some((_, _, ls)) => ls.push(lane),
                None => cells.push((l, col, vec![lane])),
            }
        }
    }
    let shared = |ls: &[usize]| ls.len() == lanes;
    let laid: Vec<(Wrapped, Wrapped, Wrapped)> = cells
        .iter()
        .map(|(l, _, ls)| {
            let lv = &levels[*l];
            let track = if shared(ls) {
                String::new()
            } else {
                ls.iter()
                    .map(|&t| tracks[t].title)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            (
                fit(lv.title, inner, FONT, true, TITLE_LINES),
                fit(lv.scope, inner, SMALL, false, SCOPE_LINES),
                fit(&track, inner, SMALL, false, 2),
            )
        })
        .collect();
    let text_h = laid
        .iter()
        .map(|(t, s, k)| {
            let extra = |w: &Wrapped| {
                if w.lines.is_empty() {
                    0.0
                } else {
                    4.0 + w.lines.len() as f64 * SMALL_LINE
                }
            };
            2.0 * PAD + t.lines.len().max(1) as f64 * LINE + extra(s) + extra(k)
        })
        .fold(0.0, f64::max);
    let lane_h = (cf - 1.0) * rise + text_h;
    let width = 2.0 * MARGIN + cf * sw;
    let height = 2.0 * MARGIN + lanes as f64 * lane_h + (lanes - 1) as f64 * gap;
    let lane_top = |lane: usize| MARGIN + lane as f64 * (lane_h + gap);

    let mut h = Hasher::new("ladder", label);
    for l in levels {
        h.field(l.title);
        h.field(l.scope);
        h.field(l.href.as_deref().unwrap_or(""));
    }
    for t in tracks {
        h.field(t.title);
        for l in t.levels {
            h.field(&l.to_string());
        }
    }
    let id = h.id();

    let mut desc = format!("{} tracks. ", lanes);
    for (i, t) in tracks.iter().enumerate() {
        if i > 0 {
            desc.push(' ');
        }
        let _ = write!(desc, "{}: ", collapse(t.title));
        for (k, &l) in t.levels.iter().enumerate() {
            if k > 0 {
                desc.push_str(", ");
            }
            let _ = write!(desc, "{}. {}", k + 1, ladder_name(&levels[l]));
        }
        desc.push('.');
    }

    let hrefs: Vec<Option<String>> = levels
        .iter()
        .map(|l| l.href.as_deref().and_then(safe_href))
        .collect();
    let linked = hrefs.iter().any(Option::is_some);
    let mut out = open("cb-svg-ladder", &id, width, height, label, &desc, linked);
    for ((l, col, ls), (title, scope, track)) in cells.iter().zip(&laid) {
        let first = *ls.iter().min().unwrap_or(&0);
        let last = *ls.iter().max().unwrap_or(&0);
        let x = MARGIN + *col as f64 * sw;
        let y = lane_top(first) + (cf - 1.0 - *col as f64) * rise;
        let bottom = lane_top(last) + lane_h;
        let opacity = 0.05 + 0.17 * *col as f64 / (cf - 1.0).max(1.0);
        draw_step(
            &mut out,
            &ladder_name(&levels[*l]),
            hrefs[*l].as_deref(),
            (x, y, sw, bottom - y),
            opacity,
            true,
            &[title, scope, track],
        );
    }
    out.push_str("</svg>");
    out
}

/// A framework's ordered steps as a numbered flow: boxes joined by arrows,
/// wrapping onto several rows when there are more than four steps.
pub fn steps(steps: &[FlowStep<'_>], label: &str) -> String {
    if steps.is_empty() {
        return String::new();
    }
    let n = steps.len();
    let rows = n.div_ceil(FLOW_COLUMNS);
    let cols = n.div_ceil(rows);
    let colsf = cols as f64;
    let gap = FLOW_GAP;
    let row_gap = 36.0;
    let bw = ((COLUMN - 2.0 * MARGIN - (colsf - 1.0) * gap) / colsf)
        .floor()
        .min(180.0);
    let inner = bw - 2.0 * FLOW_PAD;
    let badge_r = 11.0;

    let wrapped: Vec<Wrapped> = steps
        .iter()
        .map(|s| fit(s.title, inner, FONT, false, TITLE_LINES))
        .collect();
    let max_lines = wrapped
        .iter()
        .map(|w| w.lines.len())
        .max()
        .unwrap_or(1)
        .max(1);
    // Title area below the number badge.
    let area_top = PAD + 2.0 * badge_r + 6.0;
    let area_h = max_lines as f64 * LINE;
    let bh = area_top + area_h + PAD;

    let width = 2.0 * MARGIN + colsf * bw + (colsf - 1.0) * gap;
    let height = 2.0 * MARGIN + rows as f64 * bh + (rows as f64 - 1.0) * row_gap;
    let pos = |i: usize| {
        let (r, c) = (i / cols, i % cols);
        (
            MARGIN + c as f64 * (bw + gap),
            MARGIN + r as f64 * (bh + row_gap),
        )
    };

    let mut h = Hasher::new("steps", label);
    for s in steps {
        h.field(s.title);
        h.field(s.href.as_deref().unwrap_or(""));
    }
    let id = h.id();

    let mut desc = format!("{n} step{} in order: ", if n == 1 { "" } else { "s" });
    for (i, s) in steps.iter().enumerate() {
        if i > 0 {
            desc.push_str("; ");
        }
        let _ = write!(desc, "{}. {}", i + 1, collapse(s.title));
    }
    desc.push('.');

    let hrefs: Vec<Option<String>> = steps
        .iter()
        .map(|s| s.href.as_deref().and_then(safe_href))
        .collect();
    let linked = hrefs.iter().any(Option::is_some);
    let mut out = open("cb-svg-flow", &id, width, height, label, &desc, linked);

    // Arrows first, so boxes sit on top of their ends.
    for i in 0..n.saturating_sub(1) {
        let (x, y) = pos(i);
        let (nx, ny) = pos(i + 1);
        if ny == y {
            let cy = y + bh / 2.0;
            let (x1, x2) = (x + bw + 3.0, nx - 3.0);
            let _ = write!(
                out,
                "<g class=\"cb-svg-arrow\" aria-hidden=\"true\"><path d=\"M{} {}H{}\" fill=\"none\" \
                 stroke=\"currentColor\" stroke-opacity=\".6\" stroke-width=\"1.5\"/>\
                 <path d=\"M{} {}L{} {}L{} {}Z\" fill=\"currentColor\" fill-opacity=\".6\"/></g>",
                coord(x1),
                coord(cy),
                coord(x2 - 8.0),
                coord(x2),
                coord(cy),
                coord(x2 - 9.0),
                coord(cy - 5.0),
                coord(x2 - 9.0),
                coord(cy + 5.0),
            );
        } else {
            // From the bottom of the row's last box, through the gap between
            // rows, into the top of the next row's first box.
            let (cx1, cx2) = (x + bw / 2.0, nx + bw / 2.0);
            let (y1, y2) = (y + bh + 3.0, ny - 3.0);
            let mid = y + bh + row_gap / 2.0;
            let _ = write!(
                out,
                "<g class=\"cb-svg-arrow\" aria-hidden=\"true\"><path d=\"M{} {}V{}H{}V{}\" \
                 fill=\"none\" stroke=\"currentColor\" stroke-opacity=\".6\" stroke-width=\"1.5\" \
                 stroke-linejoin=\"round\"/><path d=\"M{} {}L{} {}L{} {}Z\" fill=\"currentColor\" \
                 fill-opacity=\".6\"/></g>",
                coord(cx1),
                coord(y1),
                coord(mid),
                coord(cx2),
                coord(y2 - 8.0),
                coord(cx2),
                coord(y2),
                coord(cx2 - 5.0),
                coord(y2 - 9.0),
                coord(cx2 + 5.0),
                coord(y2 - 9.0),
            );
        }
    }

    for (i, (s, w)) in steps.iter().zip(&wrapped).enumerate() {
        let (x, y) = pos(i);
        let cx = x + bw / 2.0;
        let name = format!("Step {}: {}", i + 1, collapse(s.title));
        let link = open_link(&mut out, hrefs[i].as_deref());
        if !link {
            out.push_str("<g>");
        }
        if w.truncated {
            let _ = write!(out, "<title>{}</title>", esc(&name));
        }
        let _ = write!(
            out,
            "<rect class=\"cb-svg-box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" \
             fill=\"currentColor\" fill-opacity=\".07\" stroke=\"currentColor\" \
             stroke-opacity=\".5\" stroke-width=\"1.2\"/>",
            coord(x),
            coord(y),
            coord(bw),
            coord(bh),
        );
        let cy = y + PAD + badge_r;
        let _ = write!(
            out,
            "<circle class=\"cb-svg-badge\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"currentColor\" \
             fill-opacity=\".14\" stroke=\"currentColor\" stroke-opacity=\".6\" stroke-width=\"1.2\"/>\
             <text class=\"cb-svg-number\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" \
             font-weight=\"700\" fill=\"currentColor\">{}</text> ",
            coord(cx),
            coord(cy),
            coord(badge_r),
            coord(cx),
            coord(cy + 4.2),
            i + 1,
        );
        let top = y + area_top + (area_h - w.lines.len() as f64 * LINE) / 2.0;
        text(&mut out, "cb-svg-text", cx, top, w, LINE, false, "middle");
        out.push_str(if link { "</a>" } else { "</g>" });
    }
    out.push_str("</svg>");
    out
}

/// One step of a ladder: a box (outlined in a forked ladder), its texts
/// stacked from the top (the title in bold, the others muted), a link when
/// there is one, and the whole name as a tooltip when a text was cut.
fn draw_step(
    out: &mut String,
    name: &str,
    href: Option<&str>,
    (x, y, w, h): (f64, f64, f64, f64),
    opacity: f64,
    outlined: bool,
    texts: &[&Wrapped],
) {
    let link = open_link(out, href);
    let cut = texts.iter().take(2).any(|t| t.truncated);
    if !link && cut {
        out.push_str("<g>");
    }
    if cut {
        let _ = write!(out, "<title>{}</title>", esc(name));
    }
    let outline = if outlined {
        " stroke=\"currentColor\" stroke-opacity=\".35\""
    } else {
        ""
    };
    let _ = write!(
        out,
        "<rect class=\"cb-svg-step\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" \
         fill=\"currentColor\" fill-opacity=\"{opacity:.2}\"{outline}/>",
        coord(x),
        coord(y),
        coord(w),
        coord(h),
    );
    let mut top = y + PAD;
    for (i, t) in texts.iter().enumerate() {
        let (class, line, bold) = if i == 0 {
            ("cb-svg-text", LINE, true)
        } else {
            ("cb-svg-muted", SMALL_LINE, false)
        };
        text(out, class, x + PAD, top, t, line, bold, "start");
        if !t.lines.is_empty() {
            top += t.lines.len() as f64 * line + 4.0;
        }
    }
    if link {
        out.push_str("</a>");
    } else if cut {
        out.push_str("</g>");
    }
}

// ------------------------------------------------------------- radar chart

/// The self-assessment's radar chart: its size and centre, and the radius of
/// its outermost ring (theme/js/chart.js draws inside the same geometry).
const RADAR_WIDTH: f64 = 660.0;
const RADAR_HEIGHT: f64 = 470.0;
const RADAR_X: f64 = 330.0;
const RADAR_Y: f64 = 225.0;
const RADAR_RADIUS: f64 = 150.0;
/// How far from the centre the competencies' names sit, and their longest line.
const RADAR_LABEL: f64 = 164.0;
const RADAR_LABEL_CHARS: usize = 20;

/// The fixed part of the assessment's radar chart, drawn at build time: an
/// axis per competency (`titles`, clockwise from the top) with its name. The
/// page's script fills the two empty groups, `cb-rings` (a ring per level of
/// the reader's track, under the axes) and `cb-series` (now, the target and
/// what is compared, with their legend), and writes the title and the
/// description (the text alternative: every competency's level and score).
/// Text and lines are `currentColor`, which the downloaded file replaces.
pub fn radar_frame(titles: &[&str], id: &str) -> String {
    let mut out = String::with_capacity(256 + titles.len() * 160);
    let _ = write!(
        out,
        "<svg viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" \
         font-size=\"12\" fill=\"currentColor\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" \
         tabindex=\"0\"><title id=\"{id}-t\"></title>\
         <desc id=\"{id}-d\"></desc><g class=\"cb-rings\"></g>",
        w = coord(RADAR_WIDTH),
        h = coord(RADAR_HEIGHT),
    );
    let count = titles.len() as f64;
    let point = |axis: usize, radius: f64| {
        let angle = 2.0 * std::f64::consts::PI * axis as f64 / count;
        (
            ((RADAR_X + radius * angle.sin()) * 10.0).round() / 10.0,
            ((RADAR_Y - radius * angle.cos()) * 10.0).round() / 10.0,
        )
    };
    for (axis, title) in titles.iter().enumerate() {
        let (x, y) = point(axis, RADAR_RADIUS);
        let _ = write!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"currentColor\" stroke-opacity=\".25\"/>",
            coord(RADAR_X),
            coord(RADAR_Y),
            coord(x),
            coord(y)
        );
        let (label_x, label_y) = point(axis, RADAR_LABEL);
        let lines = radar_lines(title);
        let anchor = if label_x > RADAR_X + 9.0 {
            "start"
        } else if label_x < RADAR_X - 9.0 {
            "end"
        } else {
            "middle"
        };
        // Above the centre the name grows upwards, below it downwards.
        let top = if label_y < RADAR_Y - 9.0 {
            label_y - 12.0 * (lines.len() as f64 - 1.0)
        } else if label_y > RADAR_Y + 9.0 {
            label_y + 10.0
        } else {
            label_y + 4.0
        };
        let _ = write!(out, "<text text-anchor=\"{anchor}\" y=\"{}\">", coord(top));
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                out,
                "<tspan x=\"{}\"{}>{}</tspan>",
                coord(label_x),
                if k > 0 { " dy=\"12\"" } else { "" },
                esc(line)
            );
        }
        out.push_str("</text>");
    }
    out.push_str("<g class=\"cb-series\"></g></svg>");
    out
}

/// A competency's name in lines of at most [`RADAR_LABEL_CHARS`] characters
/// (broken between words; a longer word has a line of its own).
fn radar_lines(title: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in title.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= RADAR_LABEL_CHARS => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

// ------------------------------------------------------------- building

/// `<svg …>` with its `<title>` and `<desc>`. A picture with links is a
/// `group` (its links stay reachable); one without is an `img`.
fn open(
    class: &str,
    id: &str,
    width: f64,
    height: f64,
    label: &str,
    desc: &str,
    linked: bool,
) -> String {
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cb-svg {class}\" viewBox=\"0 0 {w} {h}\" \
         width=\"{w}\" height=\"{h}\" role=\"{role}\" \
         aria-labelledby=\"{id}-t\" aria-describedby=\"{id}-d\" font-family=\"inherit\" \
         font-size=\"{FONT}\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        esc(&collapse(label)),
        esc(&collapse(desc)),
        w = coord(width),
        h = coord(height),
        role = if linked { "group" } else { "img" },
    );
    out
}

/// Opens `<a>` if there is a (safe) link; says whether it did. The link's
/// name is its visible text (the `<text>` elements are separated by spaces).
fn open_link(out: &mut String, href: Option<&str>) -> bool {
    match href {
        Some(href) => {
            let _ = write!(out, "<a class=\"cb-svg-link\" href=\"{}\">", esc(href));
            true
        }
        None => false,
    }
}

/// A `<text>` of wrapped lines, the first line's box starting at `top`.
#[allow(clippy::too_many_arguments)]
fn text(
    out: &mut String,
    class: &str,
    x: f64,
    top: f64,
    wrapped: &Wrapped,
    line: f64,
    bold: bool,
    anchor: &str,
) {
    let (lines, size) = (&wrapped.lines, wrapped.size);
    if lines.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<text class=\"{class}\" font-size=\"{}\"{}{} fill=\"currentColor\"{}>",
        coord(size),
        if bold { " font-weight=\"600\"" } else { "" },
        if anchor == "start" {
            String::new()
        } else {
            format!(" text-anchor=\"{anchor}\"")
        },
        if class == "cb-svg-muted" {
            " fill-opacity=\".75\""
        } else {
            ""
        },
    );
    // Baseline sits about three quarters of a line down the line's box.
    let baseline = (line + size * 0.7) / 2.0;
    for (k, l) in lines.iter().enumerate() {
        if k > 0 {
            // Read as a space between the lines (by screen readers and
            // copy); invisible, since each line is placed on its own.
            out.push(' ');
        }
        let _ = write!(
            out,
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            coord(x),
            coord(top + k as f64 * line + baseline),
            esc(l)
        );
    }
    out.push_str("</text> ");
}

/// How a level is named in the text alternative and its link.
fn ladder_name(l: &LadderLevel<'_>) -> String {
    let (title, scope) = (collapse(l.title), collapse(l.scope));
    if scope.is_empty() {
        title
    } else {
        format!("{title} ({scope})")
    }
}

/// A coordinate: at most one decimal, no trailing `.0`.
fn coord(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

// ------------------------------------------------------------- safety

/// Whitespace collapsed to single spaces, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The href if it is safe to link to (see [`classify_url`]).
fn safe_href(href: &str) -> Option<String> {
    let href = href.trim();
    (!href.is_empty() && classify_url(href).safe).then(|| href.to_string())
}

/// The fingerprint of the diagram's kind, label and contents: stable ids.
struct Hasher(Vec<String>);

impl Hasher {
    fn new(kind: &str, label: &str) -> Hasher {
        Hasher(vec![kind.to_string(), label.to_string()])
    }

    fn field(&mut self, s: &str) {
        self.0.push(s.to_string());
    }

    fn id(&self) -> String {
        let h = fingerprint(self.0.iter().map(String::as_str));
        format!("cb-svg-{:012x}", h & 0xffff_ffff_ffff)
    }
}

// ------------------------------------------------------------- wrapping

/// Text broken into lines.
#[derive(Debug)]
struct Wrapped {
    lines: Vec<String>,
    /// The font size the lines were measured at.
    size: f64,
    /// Whether text was cut (ended with an ellipsis) to fit the lines.
    truncated: bool,
    /// Whether a word had to be broken across lines.
    broken: bool,
}

/// Approximate width of a character, in ems: roughly Open Sans (mdBook's
/// default font, wider than most system fonts), so text stays in its box
/// whatever the page's font.
fn char_em(c: char) -> f64 {
    match c {
        ' ' | 'i' | 'j' | 'l' | 'I' | 'J' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | '`' => 0.27,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' | '"' => 0.39,
        'c' | 's' | 'z' | 'v' | 'x' | 'y' | 'k' | '?' => 0.52,
        'a' | 'e' | 'o' => 0.59,
        'm' | 'w' | 'M' | 'W' | '@' | '%' | '&' | '—' | '…' => 0.93,
        'A'..='Z' => 0.7,
        c if c.is_ascii() => 0.62,
        // Latin, Greek, Cyrillic letters with marks and the like.
        c if (c as u32) < 0x1100 => 0.66,
        // CJK, emoji, and other wide scripts.
        _ => 1.05,
    }
}

/// Estimated width of `s` in user units at `size`, with a little to spare.
fn measure(s: &str, size: f64, bold: bool) -> f64 {
    let em: f64 = s.chars().map(char_em).sum();
    em * size * if bold { 1.1 } else { 1.03 }
}

/// Wraps `s` at font `size`, or one or two units smaller if that avoids
/// breaking a word or cutting the text.
fn fit(s: &str, width: f64, size: f64, bold: bool, max_lines: usize) -> Wrapped {
    let first = wrap(s, width, size, bold, max_lines);
    if !first.truncated && !first.broken {
        return first;
    }
    for smaller in [size - 1.0, size - 2.0] {
        let w = wrap(s, width, smaller, bold, max_lines);
        if !w.truncated && !w.broken {
            return w;
        }
    }
    first
}

/// Greedy word wrap into at most `max_lines` lines no wider than `width`.
/// Words too long for a line are broken (with a hyphen between letters);
/// text that does not fit the lines ends in an ellipsis.
fn wrap(s: &str, width: f64, size: f64, bold: bool, max_lines: usize) -> Wrapped {
    let fits = |t: &str| measure(t, size, bold) <= width;
    let mut lines: Vec<String> = Vec::new();
    let mut broken = false;
    let mut cur = String::new();
    for word in s.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if fits(&candidate) {
            cur = candidate;
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        // Break a word that is wider than a whole line.
        let mut rest = word;
        while !fits(rest) {
            broken = true;
            let piece = |i: usize| {
                let letters = rest[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphabetic)
                    && rest[i..].chars().next().is_some_and(char::is_alphabetic);
                if letters {
                    format!("{}-", &rest[..i])
                } else {
                    rest[..i].to_string()
                }
            };
            let mut best = None;
            for (i, _) in rest.char_indices().skip(1) {
                let p = piece(i);
                if !fits(&p) {
                    break;
                }
                best = Some((i, p));
            }
            let (cut, p) = best.unwrap_or_else(|| {
                // Not even one character fits: one per line.
                let i = rest.chars().next().map_or(rest.len(), char::len_utf8);
                (i, rest[..i].to_string())
            });
            if cut >= rest.len() {
                break;
            }
            lines.push(p);
            rest = &rest[cut..];
        }
        cur = rest.to_string();
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    let mut truncated = false;
    if lines.len() > max_lines {
        truncated = true;
        lines.truncate(max_lines);
        let last = lines.last_mut().expect("max_lines > 0");
        let mut t = last.trim_end_matches('-').to_string();
        while !t.is_empty() && !fits(&format!("{t}…")) {
            t.pop();
            t.truncate(t.trim_end().len());
        }
        *last = format!("{t}…");
    }
    Wrapped {
        lines,
        size,
        truncated,
        broken,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radar_frame_axes_and_wrapped_names() {
        let svg = radar_frame(
            &[
                "Scope",
                "A rather long competency name",
                "<Risk> & trust",
                "Four",
            ],
            "cb-chart-x",
        );
        assert!(svg.starts_with("<svg viewBox=\"0 0 660 470\""), "{svg}");
        assert!(svg.contains("aria-labelledby=\"cb-chart-x-t cb-chart-x-d\""));
        assert_eq!(svg.matches("<line ").count(), 4);
        // Axes end on the outer ring: up, right, down, left.
        for end in [
            "x2=\"330\" y2=\"75\"",
            "x2=\"480\" y2=\"225\"",
            "x2=\"330\" y2=\"375\"",
            "x2=\"180\" y2=\"225\"",
        ] {
            assert!(svg.contains(end), "{end} in {svg}");
        }
        assert!(svg.contains(
            "<text text-anchor=\"middle\" y=\"61\"><tspan x=\"330\">Scope</tspan></text>"
        ));
        assert!(svg.contains(
            "<text text-anchor=\"start\" y=\"229\"><tspan x=\"494\">A rather long</tspan><tspan x=\"494\" dy=\"12\">competency name</tspan></text>"
        ));
        assert!(svg.contains("&lt;Risk&gt; &amp; trust"));
        assert!(
            svg.contains("<g class=\"cb-rings\"></g>")
                && svg.ends_with("<g class=\"cb-series\"></g></svg>")
        );
        assert_eq!(
            radar_lines("Supercalifragilisticexpialidocious word"),
            ["Supercalifragilisticexpialidocious", "word"]
        );
    }

    fn five() -> Vec<LadderLevel<'static>> {
        [
            ("Junior", "Tasks"),
            ("Mid", "Features"),
            ("Senior", "Components"),
            ("Staff", "Domains"),
            ("Principal", "Organisation"),
        ]
        .into_iter()
        .map(|(title, scope)| LadderLevel {
            title,
            scope,
            href: Some(format!("levels/{}.html", title.to_lowercase())),
        })
        .collect()
    }

    const SEVEN: [&str; 7] = [
        "Define your impact zone beyond code",
        "Master architectural thinking and system design",
        "Proactively define and prevent problems",
        "Cultivate technical influence beyond authority",
        "Quantify your impact",
        "Mentor and elevate others",
        "Translate tech to business value",
    ];

    fn seven() -> Vec<FlowStep<'static>> {
        SEVEN
            .iter()
            .enumerate()
            .map(|(i, t)| FlowStep {
                title: t,
                href: (i % 2 == 0).then(|| format!("#step-{}", i + 1)),
            })
            .collect()
    }

    /// Every `<tspan>`'s text in `<text>`s of `class`, unescaped, with its
    /// font size and whether it is bold.
    fn tspans(svg: &str, class: &str) -> Vec<(String, f64, bool)> {
        let mut out = Vec::new();
        for t in svg.split(&format!("<text class=\"{class}\"")).skip(1) {
            let t = &t[..t.find("</text>").unwrap()];
            let size = &t[t.find("font-size=\"").unwrap() + 11..];
            let size: f64 = size[..size.find('"').unwrap()].parse().unwrap();
            let bold = t[..t.find('>').unwrap()].contains("font-weight");
            for s in t.split("<tspan ").skip(1) {
                let s = &s[s.find('>').unwrap() + 1..];
                let text = s[..s.find("</tspan>").unwrap()]
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&");
                out.push((text, size, bold));
            }
        }
        out
    }

    /// The text inside each link, as a browser reads it.
    fn link_texts(svg: &str) -> Vec<String> {
        svg.split("<a ")
            .skip(1)
            .map(|a| {
                let a = &a[..a.find("</a>").unwrap()];
                let mut text = String::new();
                let mut in_tag = true; // the rest of the `<a …>` tag
                for c in a.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => text.push(c),
                        _ => {}
                    }
                }
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            })
            .collect()
    }

    fn viewbox_width(svg: &str) -> f64 {
        let v = &svg[svg.find("viewBox=\"0 0 ").unwrap() + 13..];
        v[..v.find(' ').unwrap()].parse().unwrap()
    }

    fn check_shape(svg: &str) {
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<svg").count(), 1);
        assert!(svg.contains("viewBox=\"0 0 "));
        // Sized by attributes and careerbook.css (`.cb-svg`), not by a style
        // attribute, which a Content-Security-Policy may forbid.
        assert!(svg.contains(" width=\"") && svg.contains(" height=\""));
        assert!(!svg.contains("style"));
        // Links keep their role only inside a `group`; a picture without
        // links is one image.
        let role = if svg.contains("<a ") { "group" } else { "img" };
        assert!(svg.contains(&format!("role=\"{role}\"")), "{svg}");
        for line in svg.lines() {
            assert!(!line.trim().is_empty(), "blank line in {svg:?}");
        }
        // aria-labelledby points at the title.
        let a = &svg[svg.find("aria-labelledby=\"").unwrap() + 17..];
        let id = &a[..a.find('"').unwrap()];
        assert!(svg.contains(&format!("<title id=\"{id}\">")));
        let a = &svg[svg.find("aria-describedby=\"").unwrap() + 18..];
        let id = &a[..a.find('"').unwrap()];
        assert!(svg.contains(&format!("<desc id=\"{id}\">")));
        // Balanced tags, roughly.
        for tag in ["a", "g", "text", "title", "desc", "style"] {
            assert_eq!(
                svg.matches(&format!("<{tag} ")).count() + svg.matches(&format!("<{tag}>")).count(),
                svg.matches(&format!("</{tag}>")).count(),
                "<{tag}> in {svg}"
            );
        }
    }

    #[test]
    fn empty_input_is_empty() {
        assert_eq!(ladder(&[], &[], "x"), "");
        assert_eq!(steps(&[], "x"), "");
    }

    #[test]
    fn well_formed_single_line() {
        let l = ladder(&five(), &[], "Engineering: the levels");
        let s = steps(&seven(), "Framework: the steps in order");
        check_shape(&l);
        check_shape(&s);
        assert!(!l.contains('\n') && !s.contains('\n'));
        assert_eq!(l.matches("<a ").count(), 5);
        assert_eq!(s.matches("<a ").count(), 4);
        assert!(l.contains("href=\"levels/staff.html\""));
        assert!(s.contains("href=\"#step-3\""));
        // A link is named by its visible text, words kept apart.
        assert!(link_texts(&l).contains(&"Staff Domains".to_string()));
        assert!(link_texts(&s).contains(&"1 Define your impact zone beyond code".to_string()));
    }

    #[test]
    fn hostile_text_is_escaped() {
        let levels = [LadderLevel {
            title: "<script>alert(\"x\")</script> & 'co'",
            scope: "a\"b",
            href: Some("x.html?a=1&b=\"2\"><script>".into()),
        }];
        let label = "<b onload='x'>";
        for svg in [
            ladder(&levels, &[], label),
            steps(
                &[FlowStep {
                    title: levels[0].title,
                    href: levels[0].href.clone(),
                }],
                label,
            ),
        ] {
            check_shape(&svg);
            assert!(!svg.contains("<script"), "{svg}");
            assert!(!svg.contains("<b "), "{svg}");
            assert!(!svg.contains("'co'"), "{svg}");
            assert!(svg.contains("&lt;script&gt;"));
            assert!(svg.contains("&quot;x&quot;"));
            assert!(svg.contains("&amp; &#39;co&#39;"));
            assert!(svg.contains("href=\"x.html?a=1&amp;b=&quot;2&quot;&gt;&lt;script&gt;\""));
            // No attribute is broken out of: every quote is paired.
            assert_eq!(svg.matches('"').count() % 2, 0);
        }
    }

    #[test]
    fn unsafe_hrefs_are_dropped() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "  javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "file:///etc/passwd",
            // Protocol-relative: the same rule as for Markdown links.
            "//example.com/x",
            "",
            "   ",
        ] {
            assert_eq!(safe_href(bad), None, "{bad:?}");
            let svg = ladder(
                &[LadderLevel {
                    title: "T",
                    scope: "S",
                    href: Some(bad.into()),
                }],
                &[],
                "L",
            );
            assert!(!svg.contains("<a "), "{bad:?}: {svg}");
            assert!(!svg.to_ascii_lowercase().contains("script:"));
            let svg = steps(
                &[FlowStep {
                    title: "T",
                    href: Some(bad.into()),
                }],
                "L",
            );
            assert!(!svg.contains("<a "), "{bad:?}: {svg}");
        }
        for good in [
            "levels/staff.html",
            "../levels/staff.html#scope",
            "#step-1",
            "?q=a:b",
            "./a:b.html",
            "http://example.com/",
            "HTTPS://example.com/a?b=c:d",
        ] {
            assert_eq!(safe_href(good).as_deref(), Some(good), "{good:?}");
        }
    }

    #[test]
    fn no_blank_lines_even_with_newlines_in_text() {
        let levels = [LadderLevel {
            title: "Staff\n\n   \nengineer",
            scope: "\n\n",
            href: Some("a.html\n\n".into()),
        }];
        let label = "A\n\nB\n   \n";
        for svg in [
            ladder(&levels, &[], label),
            steps(
                &[FlowStep {
                    title: levels[0].title,
                    href: None,
                }],
                label,
            ),
        ] {
            check_shape(&svg);
            assert!(!svg.contains('\n') && !svg.contains('\r'), "{svg:?}");
        }
    }

    #[test]
    fn deterministic() {
        assert_eq!(ladder(&five(), &[], "L"), ladder(&five(), &[], "L"));
        assert_eq!(steps(&seven(), "S"), steps(&seven(), "S"));
    }

    #[test]
    fn text_alternative_lists_every_item_in_order() {
        let l = ladder(&five(), &[], "Levels");
        let desc = &l[l.find("<desc").unwrap()..l.find("</desc>").unwrap()];
        let mut at = 0;
        for (i, lv) in five().iter().enumerate() {
            let item = format!("{}. {} ({})", i + 1, lv.title, lv.scope);
            let found = desc[at..]
                .find(&item)
                .unwrap_or_else(|| panic!("{item} in {desc}"));
            at += found + item.len();
        }
        let s = steps(&seven(), "Steps");
        let desc = &s[s.find("<desc").unwrap()..s.find("</desc>").unwrap()];
        assert!(desc.contains("7 steps in order"));
        let mut at = 0;
        for (i, t) in SEVEN.iter().enumerate() {
            let item = format!("{}. {t}", i + 1);
            let found = desc[at..]
                .find(&item)
                .unwrap_or_else(|| panic!("{item} in {desc}"));
            at += found + item.len();
        }
        // The label is the title.
        assert!(s.contains(">Steps</title>"));
    }

    #[test]
    fn wrapping_stays_inside_boxes() {
        for t in SEVEN {
            for width in [90.0, 126.0, 160.0] {
                let w = wrap(t, width, FONT, false, TITLE_LINES);
                assert!(!w.lines.is_empty() && w.lines.len() <= TITLE_LINES);
                for l in &w.lines {
                    assert!(measure(l, FONT, false) <= width, "{l:?} wider than {width}");
                }
            }
        }
        // Every word is kept when it fits.
        let flow_inner = ((COLUMN - 2.0 * MARGIN - 3.0 * FLOW_GAP) / 4.0).floor() - 2.0 * FLOW_PAD;
        for t in SEVEN {
            let w = wrap(t, flow_inner, FONT, false, TITLE_LINES);
            assert!(!w.truncated, "{w:?}");
        }
        let w = wrap(SEVEN[1], flow_inner, FONT, false, TITLE_LINES);
        assert_eq!(w.lines.join(" "), SEVEN[1]);
        assert!(w.lines.len() >= 2 && !w.truncated);
        // Overlong words are hyphenated, overlong text cut with an ellipsis.
        let w = wrap("Supercalifragilisticexpialidocious", 100.0, FONT, true, 3);
        assert!(w.lines[0].ends_with('-'), "{w:?}");
        let w = wrap(&"word ".repeat(60), 100.0, FONT, false, 3);
        assert_eq!(w.lines.len(), 3);
        assert!(w.truncated && w.lines[2].ends_with('…'));
        for l in &w.lines {
            assert!(measure(l, FONT, false) <= 100.0);
        }

        // In the rendered diagrams too: no tspan wider than a box's inside.
        let s = steps(&seven(), "S");
        let cols = 4.0;
        let bw = ((COLUMN - 2.0 * MARGIN - (cols - 1.0) * FLOW_GAP) / cols).floor();
        assert!(viewbox_width(&s) <= COLUMN + 10.0);
        let spans = tspans(&s, "cb-svg-text");
        assert!(spans.len() >= 7);
        for (t, size, bold) in &spans {
            assert!(measure(t, *size, *bold) <= bw - 2.0 * FLOW_PAD, "{t:?}");
        }
        let within = |svg: &str, width: f64| {
            for class in ["cb-svg-text", "cb-svg-muted"] {
                for (t, size, bold) in tspans(svg, class) {
                    assert!(measure(&t, size, bold) <= width, "{t:?} at {size}");
                }
            }
        };
        let long = [LadderLevel {
            title: &"Distinguished principal engineer of everything and more besides ".repeat(3),
            scope: "The entire organisation and its partners and all of their suppliers",
            href: None,
        }];
        let l = ladder(&long, &[], "L");
        assert_eq!(tspans(&l, "cb-svg-text").len(), TITLE_LINES);
        assert_eq!(tspans(&l, "cb-svg-muted").len(), SCOPE_LINES);
        within(&l, 170.0 - 2.0 * PAD);
        // Cut text keeps its full wording in a tooltip.
        assert!(l.contains("<title>Distinguished"));
        // A long word in a narrow step: a smaller font rather than a hyphen.
        let six: Vec<LadderLevel<'_>> = ["A", "B", "C", "D", "E", "Distinguished engineer"]
            .into_iter()
            .map(|title| LadderLevel {
                title,
                scope: "Scope",
                href: None,
            })
            .collect();
        let l = ladder(&six, &[], "L");
        let titles = tspans(&l, "cb-svg-text");
        assert!(titles.iter().all(|(t, ..)| !t.ends_with('-')), "{titles:?}");
        assert!(
            titles.iter().any(|(t, ..)| t == "Distinguished"),
            "{titles:?}"
        );
        within(&l, ((COLUMN - 2.0 * MARGIN) / 6.0).floor() - 2.0 * PAD);
        let l = ladder(&five(), &[], "L");
        assert!(viewbox_width(&l) <= COLUMN + 10.0);
    }

    #[test]
    fn ids_differ_between_diagrams() {
        let id = |svg: &str| {
            let a = &svg[svg.find("<title id=\"").unwrap() + 11..];
            a[..a.find('"').unwrap()].to_string()
        };
        let a = id(&ladder(&five(), &[], "First"));
        let b = id(&ladder(&five(), &[], "Second"));
        let c = id(&steps(&seven(), "First"));
        let mut fewer = five();
        fewer.pop();
        let d = id(&ladder(&fewer, &[], "First"));
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
        assert!(a.starts_with("cb-svg-"));
        assert_eq!(a, id(&ladder(&five(), &[], "First")));
    }

    #[test]
    fn flow_wraps_into_rows() {
        // Seven steps: two rows (4 + 3) fitting the content column.
        let s = steps(&seven(), "S");
        assert!(viewbox_width(&s) <= COLUMN + 10.0);
        assert_eq!(s.matches("class=\"cb-svg-box\"").count(), 7);
        assert_eq!(s.matches("class=\"cb-svg-arrow\"").count(), 6);
        // Up to four steps stay on one row.
        let four: Vec<FlowStep<'_>> = seven().into_iter().take(4).collect();
        let s4 = steps(&four, "S");
        let ys: std::collections::BTreeSet<&str> = s4
            .split("<rect class=\"cb-svg-box\"")
            .skip(1)
            .map(|r| {
                let y = &r[r.find("y=\"").unwrap() + 3..];
                &y[..y.find('"').unwrap()]
            })
            .collect();
        assert_eq!(ys.len(), 1);
    }
}
