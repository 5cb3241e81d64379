//! The month report as one self-contained HTML page (no scripts, no network): an
//! explanation for readers new to the engine, attainment per rule as a bar chart and a
//! table, the main daily quota per person against its line, a person × day heat map of
//! failures, the phases, the people, and a comparison when there is one.

use std::fmt::Write;

use crate::report::compare::Comparison;
use crate::report::summary::{DailyChart, PersonLine, Series, Summary, judged};
use crate::report::text::{percent, thousands};
use fieldbook_core::message::Arg;
use fieldbook_i18n::{Locale, Localizer};

/// A text value of a catalog entry, escaped for HTML.
fn html(text: &str) -> Arg {
    Arg::Text(esc(text).as_str().into())
}

/// The CJK system fonts a Chinese page asks for before the generic family.
const CJK_FONTS: &str =
    "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',";

/// At most this many people in the small charts of the daily quota: beyond, the most days
/// below the line and the fewest, after the distribution of everyone.
const MAX_PANELS: usize = 24;
/// Of those, how many with the fewest days below the line.
const BEST_PANELS: usize = 8;
/// At most this many rows in the heat map.
const MAX_HEAT_ROWS: usize = 60;
/// At most this many rows in the people table: beyond, the lowest and the highest
/// attainment, after the distribution of everyone.
const MAX_PEOPLE_ROWS: usize = 200;
/// Of those, how many with the highest attainment.
const BEST_PEOPLE_ROWS: usize = 50;

fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Green, amber or red for an attainment.
fn colour(attainment: Option<f64>) -> &'static str {
    match attainment {
        Some(a) if a >= 0.95 => "#2e7d32",
        Some(a) if a >= 0.8 => "#f9a825",
        Some(_) => "#c62828",
        None => "#9e9e9e",
    }
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
main{max-width:1280px;margin:0 auto;padding:24px 32px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:36px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
p.lead{color:#555;margin:4px 0 16px}.note{color:#666;font-size:13px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}.card{background:#fff;border:1px solid #e0e0e0;border-radius:8px;padding:12px 16px;min-width:150px}
.card b{display:block;font-size:24px}.card span{color:#666;font-size:13px}
table{border-collapse:collapse;background:#fff;font-size:13px;width:100%}th,td{border-bottom:1px solid #eee;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f0;position:sticky;top:0}td.n{text-align:right;font-variant-numeric:tabular-nums}
.refs{color:#555;font-size:12px}.ex{color:#666;font-size:12px}
.panels{display:flex;flex-wrap:wrap;gap:8px}.panels svg{background:#fff;border:1px solid #e0e0e0;border-radius:6px}
svg text{font-family:system-ui,sans-serif}.explain{background:#fff;border-left:4px solid #1565c0;padding:8px 16px;margin:12px 0}";

/// The page.
pub(crate) fn render(summary: &Summary, comparison: Option<&Comparison>, l: &Localizer) -> String {
    let mut out = String::new();
    let title =
        l.text("report-title", &[("title", summary.title.as_str().into()), ("month", summary.month.as_str().into())]);
    // The page declares its language; Chinese asks for CJK system fonts first.
    let style = match l.locale() {
        Locale::En => STYLE.to_string(),
        _ => STYLE.replace("font-family:system-ui,", &format!("font-family:{CJK_FONTS}system-ui,")),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{style}\n</style>\n</head>\n<body>\n<main>\n",
        l.locale().tag(),
        esc(&title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", esc(&title));
    let lead = [
        ("playbook", html(&summary.playbook)),
        ("people", Arg::Count(summary.people as u64)),
        ("seed", Arg::Text(summary.seed.to_string().as_str().into())),
        ("events", Arg::Text(thousands(summary.totals.events).as_str().into())),
        ("findings", Arg::Text(thousands(summary.totals.findings).as_str().into())),
    ];
    let _ = writeln!(out, "<p class=\"lead\">{}</p>", l.text("report-lead", &lead));
    explanation(&mut out, summary, l);
    cards(&mut out, summary, l);
    rules(&mut out, summary, l);
    if let Some(chart) = &summary.daily {
        daily(&mut out, summary, chart, l);
    }
    heat(&mut out, summary, l);
    phases(&mut out, summary, l);
    people(&mut out, summary, l);
    teams(&mut out, summary, l);
    if let Some(comparison) = comparison {
        compare(&mut out, comparison, l);
    }
    let compared = if comparison.is_some() { Arg::Key("report-files-compare") } else { Arg::Key("report-files-none") };
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<p class=\"note\">{}</p>",
        l.text("report-files", &[]),
        l.text("report-files-note", &[("compare", compared)])
    );
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn explanation(out: &mut String, summary: &Summary, l: &Localizer) {
    let what = [("people", Arg::Count(summary.people as u64)), ("month", html(&summary.month))];
    let _ = writeln!(
        out,
        "<div class=\"explain\"><p>{}</p><p>{}</p></div>",
        l.text("report-what", &what),
        l.text("report-how", &[])
    );
}

fn cards(out: &mut String, summary: &Summary, l: &Localizer) {
    let t = &summary.total;
    out.push_str("<div class=\"cards\">");
    let _ = write!(
        out,
        "<div class=\"card\"><b style=\"color:{}\">{}</b><span>{}</span></div>",
        colour(t.attainment()),
        percent(t),
        l.text("report-card-attainment", &[])
    );
    for (key, n) in [
        ("report-card-passed", t.pass),
        ("report-card-failed", t.fail),
        ("report-card-late", t.warning),
        ("report-card-open", t.pending),
        ("report-card-excused", t.excused),
    ] {
        let _ = write!(out, "<div class=\"card\"><b>{}</b><span>{}</span></div>", thousands(n), l.text(key, &[]));
    }
    if let Some(worst) = summary.top_failing(1).first() {
        let failures = [("failures", Arg::Text(thousands(worst.tally.fail).as_str().into()))];
        let _ = write!(
            out,
            "<div class=\"card\"><b>{}</b><span>{}</span></div>",
            esc(&worst.id),
            l.text("report-card-worst", &failures)
        );
    }
    out.push_str("</div>\n");
}

fn rules(out: &mut String, summary: &Summary, l: &Localizer) {
    let _ = writeln!(out, "<h2>{}</h2>", l.text("report-per-rule", &[]));
    let _ = writeln!(out, "<p class=\"note\">{}</p>", l.text("report-per-rule-note", &[]));
    let row = 22;
    let label = 330;
    let width = 1000;
    let plot = width - label - 70;
    let height = summary.rules.len() * row + 30;
    let _ = writeln!(
        out,
        "<svg role=\"img\" aria-label=\"{}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">",
        l.text("report-per-rule", &[])
    );
    for pct in [0, 25, 50, 75, 100] {
        let x = label + plot * pct / 100;
        let _ = writeln!(
            out,
            "<line x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{}\" stroke=\"#ddd\"/><text x=\"{x}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#666\">{pct}%</text>",
            height - 20,
            height - 6
        );
    }
    for (i, r) in summary.rules.iter().enumerate() {
        let y = i * row;
        let a = r.tally.attainment();
        let w = a.map_or(0.0, |a| a * plot as f64);
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{} <tspan fill=\"#777\" font-size=\"10\">{}</tspan></text>",
            label - 6,
            y + 15,
            esc(&r.id),
            esc(&short_refs(&r.refs))
        );
        let _ = writeln!(
            out,
            "<rect x=\"{label}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" fill=\"{}\"><title>{}: {} ({} pass, {} fail, {} late)</title></rect>",
            y + 4,
            row - 8,
            colour(a),
            esc(&r.title),
            percent(&r.tally),
            r.tally.pass,
            r.tally.fail,
            r.tally.warning
        );
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\" fill=\"#333\">{}</text>",
            label as f64 + w + 4.0,
            y + 15,
            percent(&r.tally)
        );
    }
    out.push_str("</svg>\n");

    let th = |key: &str| l.text(key, &[]);
    let _ = writeln!(
        out,
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr>",
        th("report-rule"),
        th("report-asks"),
        th("report-source"),
        th("report-pass"),
        th("report-fail"),
        th("report-late"),
        th("report-open"),
        th("report-attainment"),
        th("report-example")
    );
    for r in &summary.rules {
        let sort = match r.sort.as_str() {
            "step" => l.text("sort-step", &[]),
            "duty" => l.text("sort-duty", &[]),
            "checklist" => l.text("sort-checklist", &[]),
            "quota" => l.text("sort-quota", &[]),
            "follow-up" => l.text("sort-follow-up", &[]),
            "check" => l.text("sort-check", &[]),
            other => other.to_string(),
        };
        let example = match (l.locale(), &r.example) {
            (Locale::En, example) | (_, example @ None) => example.clone().unwrap_or_default(),
            (_, Some(english)) => l.message(&r.example_text).unwrap_or_else(|| english.clone()),
        };
        let t = r.tally;
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{} <span class=\"note\">({})</span></td><td class=\"refs\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\" style=\"color:{}\">{}</td><td class=\"ex\">{}</td></tr>",
            esc(&r.id),
            esc(&r.title),
            esc(&sort),
            esc(&r.refs.join(", ")),
            t.pass,
            t.fail,
            t.warning,
            t.pending,
            colour(t.attainment()),
            percent(&t),
            esc(&example)
        );
    }
    out.push_str("</table>\n");
}

/// The values of a note on the rows shown of a long list: the `worst` first, then the
/// `best`, of `total`.
fn shown(worst: usize, best: usize, total: usize) -> [(&'static str, Arg); 3] {
    [("worst", Arg::Count(worst as u64)), ("best", Arg::Count(best as u64)), ("total", Arg::Count(total as u64))]
}

fn short_refs(refs: &[String]) -> String {
    match refs {
        [] => String::new(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} +{}", rest.len()),
    }
}

fn daily(out: &mut String, summary: &Summary, chart: &DailyChart, l: &Localizer) {
    let _ = writeln!(out, "<h2>{}</h2>", l.text("report-daily", &[("title", html(&chart.title))]));
    let mut series: Vec<&Series> = chart.series.iter().collect();
    let below = |s: &Series| s.values.iter().flatten().filter(|v| s.threshold.is_some_and(|t| **v < t)).count();
    let note = if series.len() > MAX_PANELS {
        let counts: Vec<f64> = chart.series.iter().map(|s| below(s) as f64).collect();
        let (title, axis) = (l.text("report-chart-days-below", &[]), l.text("report-axis-days-below", &[]));
        histogram(out, &title, &counts, summary.days.len() as f64, &axis, 0);
        series.sort_by(|a, b| below(b).cmp(&below(a)).then_with(|| a.person.cmp(&b.person)));
        worst_and_best(&mut series, MAX_PANELS, BEST_PANELS);
        l.text("report-daily-shown", &shown(MAX_PANELS - BEST_PANELS, BEST_PANELS, chart.series.len()))
    } else {
        String::new()
    };
    let unit = if chart.minutes { Arg::Key("report-daily-minutes") } else { Arg::Key("report-daily-count") };
    let said = [("unit", unit), ("refs", html(&chart.refs.join(", "))), ("more", Arg::Text(note.as_str().into()))];
    let _ = writeln!(out, "<p class=\"note\">{}</p>", l.text("report-daily-note", &said));
    let max =
        chart.series.iter().flat_map(|s| s.values.iter().flatten().copied().chain(s.threshold)).fold(1.0_f64, f64::max)
            * 1.1;
    let (w, h, left, top, bottom) = (230.0, 120.0, 28.0, 18.0, 16.0);
    let days = summary.days.len().max(2) as f64;
    let x = |d: usize| left + (w - left - 6.0) * d as f64 / (days - 1.0);
    let y = |v: f64| top + (h - top - bottom) * (1.0 - v / max);
    out.push_str("<div class=\"panels\">\n");
    for s in series {
        let _ = write!(
            out,
            "<svg role=\"img\" aria-label=\"{} of {}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\">",
            esc(&chart.title),
            esc(&s.person)
        );
        let _ = write!(out, "<text x=\"4\" y=\"12\" font-size=\"11\" font-weight=\"bold\">{}</text>", esc(&s.person));
        let _ = write!(
            out,
            "<line x1=\"{left}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#bbb\"/><text x=\"2\" y=\"{:.1}\" font-size=\"9\" fill=\"#777\">0</text><text x=\"2\" y=\"{:.1}\" font-size=\"9\" fill=\"#777\">{:.0}</text>",
            y(0.0),
            w - 6.0,
            y(0.0),
            y(0.0) + 3.0,
            y(max / 1.1) + 3.0,
            max / 1.1
        );
        let _ = write!(
            out,
            "<text x=\"{left}\" y=\"{}\" font-size=\"9\" fill=\"#777\">1</text><text x=\"{:.1}\" y=\"{}\" font-size=\"9\" fill=\"#777\" text-anchor=\"end\">{}</text>",
            h - 3.0,
            w - 6.0,
            h - 3.0,
            summary.days.len()
        );
        if let Some(t) = s.threshold {
            let _ = write!(
                out,
                "<line x1=\"{left}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#c62828\" stroke-dasharray=\"4 3\"><title>at least {t}</title></line>",
                y(t),
                w - 6.0,
                y(t)
            );
        }
        let mut path = String::new();
        let mut pen_up = true;
        for (d, v) in s.values.iter().enumerate() {
            match v {
                Some(v) => {
                    let _ = write!(path, "{}{:.1},{:.1} ", if pen_up { "M" } else { "L" }, x(d), y(*v));
                    pen_up = false;
                }
                None => pen_up = true,
            }
        }
        let _ = write!(out, "<path d=\"{}\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"1.5\"/>", path.trim_end());
        for (d, v) in s.values.iter().enumerate() {
            if let Some(v) = v {
                let fail = s.threshold.is_some_and(|t| *v < t);
                let _ = write!(
                    out,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{}\" fill=\"{}\"><title>{}: {v}</title></circle>",
                    x(d),
                    y(*v),
                    if fail { 2.6 } else { 1.6 },
                    if fail { "#c62828" } else { "#1565c0" },
                    summary.days[d]
                );
            }
        }
        out.push_str("</svg>\n");
    }
    out.push_str("</div>\n");
}

/// Keeps the first `keep - best` of `sorted` (worst first) and its last `best`.
fn worst_and_best<T>(sorted: &mut Vec<T>, keep: usize, best: usize) {
    if sorted.len() > keep {
        sorted.drain(keep - best..sorted.len() - best);
    }
}

/// A bar chart of how many of `values` (from 0 to `max`) fall in each of 20 bins, the
/// bins labelled with `decimals` decimals.
fn histogram(out: &mut String, title: &str, values: &[f64], max: f64, axis: &str, decimals: usize) {
    const BINS: usize = 20;
    let max = max.max(1.0);
    let mut counts = [0usize; BINS];
    for v in values {
        counts[((v / max * BINS as f64) as usize).min(BINS - 1)] += 1;
    }
    let highest = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let (w, h, left, top, bottom) = (620.0, 150.0, 40.0, 10.0, 30.0);
    let bar = (w - left - 10.0) / BINS as f64;
    let _ = write!(
        out,
        "<svg role=\"img\" aria-label=\"{}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(title)
    );
    for (i, count) in counts.iter().enumerate() {
        let height = (h - top - bottom) * *count as f64 / highest;
        let (from, to) = (max * i as f64 / BINS as f64, max * (i + 1) as f64 / BINS as f64);
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{height:.1}\" fill=\"#1565c0\"><title>{from:.decimals$} to {to:.decimals$}: {count} people</title></rect>",
            left + bar * i as f64 + 1.0,
            h - bottom - height,
            bar - 2.0
        );
    }
    let _ = write!(
        out,
        "<text x=\"{left}\" y=\"{:.1}\" font-size=\"10\" fill=\"#777\">0</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#777\" text-anchor=\"end\">{max:.0}</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#777\" text-anchor=\"middle\">{}</text><text x=\"2\" y=\"{:.1}\" font-size=\"10\" fill=\"#777\">{}</text>",
        h - bottom + 12.0,
        w - 10.0,
        h - bottom + 12.0,
        (w + left) / 2.0,
        h - 4.0,
        esc(axis),
        top + 8.0,
        highest as usize
    );
    out.push_str("</svg>\n");
}

/// A red of the heat map for `count` failures out of at most `max`.
fn heat_colour(count: u32, max: u32) -> String {
    if count == 0 {
        return "#f4f7f4".to_string();
    }
    let t = 0.25 + 0.75 * f64::from(count) / f64::from(max.max(1));
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(255.0, 165.0), mix(235.0, 15.0), mix(225.0, 21.0))
}

fn heat(out: &mut String, summary: &Summary, l: &Localizer) {
    let _ = writeln!(out, "<h2>{}</h2>", l.text("report-heat", &[]));
    let mut rows: Vec<usize> = (0..summary.persons.len()).collect();
    let fails = |i: &usize| summary.heat[*i].iter().sum::<u32>();
    let note = if rows.len() > MAX_HEAT_ROWS {
        rows.sort_by_key(|i| (std::cmp::Reverse(fails(i)), *i));
        rows.truncate(MAX_HEAT_ROWS);
        rows.sort_unstable();
        let said = [("worst", Arg::Count(MAX_HEAT_ROWS as u64)), ("total", Arg::Count(summary.persons.len() as u64))];
        l.text("report-heat-shown", &said)
    } else {
        String::new()
    };
    let max = rows.iter().flat_map(|i| summary.heat[*i].iter().copied()).max().unwrap_or(0);
    let said = [("max", Arg::Count(u64::from(max))), ("more", Arg::Text(note.as_str().into()))];
    let _ = writeln!(out, "<p class=\"note\">{}</p>", l.text("report-heat-note", &said));
    let cell = 18.0;
    let label = 70.0;
    let top = 22.0;
    let width = label + cell * summary.days.len() as f64 + 10.0;
    let height = top + cell * rows.len() as f64 + 4.0;
    let _ = writeln!(
        out,
        "<svg role=\"img\" aria-label=\"{}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">",
        l.text("report-heat", &[])
    );
    for (d, day) in summary.days.iter().enumerate() {
        let x = label + cell * d as f64;
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"14\" font-size=\"10\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
            x + cell / 2.0,
            if summary.working[d] { "#333" } else { "#aaa" },
            day.format("%-d")
        );
    }
    for (r, i) in rows.iter().enumerate() {
        let y = top + cell * r as f64;
        let person = &summary.persons[*i];
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
            label - 6.0,
            y + 13.0,
            esc(&person.id)
        );
        for (d, count) in summary.heat[*i].iter().enumerate() {
            let x = label + cell * d as f64;
            let fill = if summary.working[d] || *count > 0 { heat_colour(*count, max) } else { "#dcdcdc".to_string() };
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\"><title>{} {}: {count} failed</title></rect>",
                cell - 1.0,
                cell - 1.0,
                esc(&person.id),
                summary.days[d]
            );
        }
        out.push('\n');
    }
    out.push_str("</svg>\n");
}

fn phases(out: &mut String, summary: &Summary, l: &Localizer) {
    if summary.phases.is_empty() {
        return;
    }
    let th = |key: &str| l.text(key, &[]);
    let _ = writeln!(out, "<h2>{}</h2>", th("report-per-phase"));
    let _ = writeln!(out, "<p class=\"note\">{}</p>", th("report-per-phase-note"));
    let _ = writeln!(
        out,
        "<table><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr>",
        th("report-phase"),
        th("report-pass"),
        th("report-fail"),
        th("report-late"),
        th("report-attainment"),
        th("report-worst")
    );
    for p in &summary.phases {
        let worst = p.worst.as_ref().map_or(String::new(), |(r, n)| format!("{} ({n})", esc(r)));
        let _ = writeln!(
            out,
            "<tr><td>{} <span class=\"note\">{}</span></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\" style=\"color:{}\">{}</td><td>{worst}</td></tr>",
            esc(&p.id),
            esc(&p.title),
            p.tally.pass,
            p.tally.fail,
            p.tally.warning,
            colour(p.tally.attainment()),
            percent(&p.tally)
        );
    }
    out.push_str("</table>\n");
}

fn people(out: &mut String, summary: &Summary, l: &Localizer) {
    let th = |key: &str| l.text(key, &[]);
    let _ = writeln!(out, "<h2>{}</h2>", th("report-per-person"));
    let mut rows: Vec<&PersonLine> = summary.persons.iter().collect();
    if rows.len() > MAX_PEOPLE_ROWS {
        let shares: Vec<f64> = rows.iter().filter_map(|p| p.tally.attainment()).map(|a| a * 100.0).collect();
        let (title, axis) = (l.text("report-chart-attainment", &[]), l.text("report-axis-attainment", &[]));
        histogram(out, &title, &shares, 100.0, &axis, 1);
        rows.sort_by(|a, b| {
            let key = |p: &PersonLine| p.tally.attainment().unwrap_or(1.0);
            key(a).total_cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
        });
        worst_and_best(&mut rows, MAX_PEOPLE_ROWS, BEST_PEOPLE_ROWS);
        let said = shown(MAX_PEOPLE_ROWS - BEST_PEOPLE_ROWS, BEST_PEOPLE_ROWS, summary.persons.len());
        let _ = writeln!(out, "<p class=\"note\">{}</p>", l.text("report-people-shown", &said));
    }
    let _ = writeln!(
        out,
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr>",
        th("report-person"),
        th("report-role"),
        th("report-attributes"),
        th("report-pass"),
        th("report-fail"),
        th("report-late"),
        th("report-attainment"),
        th("report-worst")
    );
    for p in rows {
        let worst = p.worst.as_ref().map_or(String::new(), |(r, n)| format!("{} ({n})", esc(r)));
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\" style=\"color:{}\">{}</td><td>{worst}</td></tr>",
            esc(&p.id),
            esc(p.role.as_deref().unwrap_or("")),
            esc(&p.attrs),
            p.tally.pass,
            p.tally.fail,
            p.tally.warning,
            colour(p.tally.attainment()),
            percent(&p.tally)
        );
    }
    out.push_str("</table>\n");
}

fn teams(out: &mut String, summary: &Summary, l: &Localizer) {
    if summary.teams.is_empty() {
        return;
    }
    let th = |key: &str| l.text(key, &[]);
    let _ = writeln!(out, "<h2>{}</h2>", th("report-per-team"));
    let _ = writeln!(out, "<p class=\"note\">{}</p>", th("report-per-team-note"));
    let _ = writeln!(
        out,
        "<table><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr>",
        th("report-team"),
        th("report-chief"),
        th("report-members"),
        th("report-pass"),
        th("report-fail"),
        th("report-late"),
        th("report-attainment"),
        th("report-worst")
    );
    for t in &summary.teams {
        let worst = t.worst.as_ref().map_or(String::new(), |(r, n)| format!("{} ({n})", esc(r)));
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\" style=\"color:{}\">{}</td><td>{worst}</td></tr>",
            esc(&t.id),
            esc(&t.chief),
            t.members,
            t.tally.pass,
            t.tally.fail,
            t.tally.warning,
            colour(t.tally.attainment()),
            percent(&t.tally)
        );
    }
    out.push_str("</table>\n");
}

fn compare(out: &mut String, comparison: &Comparison, l: &Localizer) {
    let (base, other) = (html(&comparison.base), html(&comparison.other));
    let _ = writeln!(out, "<h2>{}</h2>", l.text("report-compare", &[("base", base.clone()), ("other", other.clone())]));
    let said = [
        ("base", base),
        ("other", other),
        ("base_attainment", Arg::Text(percent(&comparison.totals.0).as_str().into())),
        ("other_attainment", Arg::Text(percent(&comparison.totals.1).as_str().into())),
    ];
    let _ = writeln!(out, "<p class=\"note\">{}</p>", l.text("report-compare-note", &said));
    let row = 22;
    let (label, width) = (330.0, 1100.0);
    let mid = label + (width - label - 100.0) / 2.0;
    let half = (width - label - 100.0) / 2.0 - 20.0;
    let scale = comparison.rules.iter().filter_map(|r| r.delta()).fold(5.0_f64, |m, d| m.max(d.abs()));
    let height = comparison.rules.len() * row + 10;
    let _ = writeln!(
        out,
        "<svg role=\"img\" aria-label=\"{}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\"><line x1=\"{mid}\" y1=\"0\" x2=\"{mid}\" y2=\"{height}\" stroke=\"#999\"/>",
        l.text("report-compare-chart", &[])
    );
    for (i, r) in comparison.rules.iter().enumerate() {
        let y = (i * row) as f64;
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
            label - 6.0,
            y + 15.0,
            esc(&r.id)
        );
        let text = match (r.base, r.other, r.delta()) {
            (None, _, _) => l.text("report-only-in", &[("playbook", Arg::Text(comparison.other.as_str().into()))]),
            (_, None, _) => l.text("report-only-in", &[("playbook", Arg::Text(comparison.base.as_str().into()))]),
            (_, _, Some(d)) => {
                let w = d.abs() / scale * half;
                let x = if d < 0.0 { mid - w } else { mid };
                let _ = write!(
                    out,
                    "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{}\" fill=\"{}\"/>",
                    y + 4.0,
                    row - 8,
                    if d < 0.0 { "#c62828" } else { "#2e7d32" }
                );
                format!("{d:+.1} pt")
            }
            _ => "-".to_string(),
        };
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#333\">{}</text>",
            mid + half + 8.0,
            y + 15.0,
            esc(&text)
        );
    }
    out.push_str("</svg>\n");
    let _ = writeln!(
        out,
        "<table><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr>",
        l.text("report-rule", &[]),
        l.text("report-source", &[]),
        esc(&comparison.base),
        esc(&comparison.other),
        l.text("report-change", &[])
    );
    for r in &comparison.rules {
        let show = |t: Option<fieldbook_core::track::Tally>| {
            t.map_or_else(
                || l.text("report-absent", &[]),
                |t| {
                    let judged = l.text("report-judged", &[("count", Arg::Count(judged(&t) as u64))]);
                    format!("{} <span class=\"note\">({judged})</span>", percent(&t))
                },
            )
        };
        let delta = r.delta().map_or_else(|| "-".to_string(), |d| format!("{d:+.1} pt"));
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"refs\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&r.id),
            esc(&r.refs.join(", ")),
            show(r.base),
            show(r.other),
            delta
        );
    }
    out.push_str("</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_colours_grade() {
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(colour(Some(0.99)), "#2e7d32");
        assert_eq!(colour(Some(0.5)), "#c62828");
        assert_eq!(heat_colour(0, 5), "#f4f7f4");
        assert_ne!(heat_colour(1, 5), heat_colour(5, 5));
        assert_eq!(short_refs(&["T77-10".into(), "T77-21".into()]), "T77-10 +1");
    }

    #[test]
    fn large_teams_show_their_worst_and_best_and_everyone_in_a_histogram() {
        let mut people: Vec<u32> = (0..10).collect();
        worst_and_best(&mut people, 5, 2);
        assert_eq!(people, [0, 1, 2, 8, 9]);
        let mut few = vec![1, 2];
        worst_and_best(&mut few, 5, 2);
        assert_eq!(few, [1, 2]);

        // 100 lands in the last bin with 99.9; 0 and 4.9 in the first.
        let mut out = String::new();
        histogram(&mut out, "t", &[0.0, 4.9, 50.0, 99.9, 100.0], 100.0, "attainment, %", 0);
        assert!(out.contains("<title>0 to 5: 2 people</title>"), "{out}");
        assert!(out.contains("<title>50 to 55: 1 people</title>"), "{out}");
        assert!(out.contains("<title>95 to 100: 2 people</title>"), "{out}");
        assert_eq!(out.matches("<rect").count(), 20);
    }
}
