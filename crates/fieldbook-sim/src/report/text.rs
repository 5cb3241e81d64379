//! The month summary as text for a terminal: the headline, attainment per rule with its
//! source facts, the rules failed most, the phases, and the people.

use std::fmt::Write;

use fieldbook_core::message::Arg;
use fieldbook_core::track::Tally;
use fieldbook_i18n::{Locale, Localizer, pad, pad_start};

use crate::report::summary::{PersonLine, Summary, judged};

/// People listed in full up to this many; beyond, the lowest and highest attainment.
const ALL_PEOPLE_UP_TO: usize = 30;

/// Attainment as a percentage, `-` when nothing was judged.
pub(crate) fn percent(tally: &Tally) -> String {
    tally.attainment().map_or_else(|| "-".to_string(), |a| format!("{:.1}%", a * 100.0))
}

/// A bar of up to `width` characters for a share from 0 to 1.
fn bar(share: Option<f64>, width: usize) -> String {
    let Some(share) = share else { return String::new() };
    let eighths = (share.clamp(0.0, 1.0) * (width * 8) as f64).round() as usize;
    let mut out = "█".repeat(eighths / 8);
    if eighths % 8 > 0 {
        out.push([' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8]);
    }
    out
}

/// `12,345`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Summary {
    /// The summary as text for a terminal, in English.
    pub fn to_text(&self) -> String {
        self.to_text_in(&Localizer::new(Locale::En))
    }

    /// The summary as text for a terminal, in the language of `l` (columns aligned by
    /// display width: a Chinese character takes two).
    pub fn to_text_in(&self, l: &Localizer) -> String {
        let mut out = String::new();
        let t = &self.total;
        let txt = |s: String| Arg::Text(s.as_str().into());
        let col = |key: &str, width: usize| pad(&l.text(key, &[]), width);
        let num = |key: &str, width: usize| pad_start(&l.text(key, &[]), width);
        let _ = writeln!(out, "{} — {}", self.playbook, self.title);
        let line = [
            ("month", txt(self.month.clone())),
            ("people", Arg::Count(self.people as u64)),
            ("seed", txt(self.seed.to_string())),
            ("events", txt(thousands(self.totals.events))),
            ("findings", txt(thousands(self.totals.findings))),
        ];
        let _ = writeln!(out, "{}", l.text("summary-line", &line));
        let attainment = [
            ("attainment", txt(percent(t))),
            ("pass", txt(thousands(t.pass))),
            ("fail", txt(thousands(t.fail))),
            ("late", txt(thousands(t.warning))),
            ("open", txt(thousands(t.pending))),
            ("excused", txt(thousands(t.excused))),
        ];
        let _ = writeln!(out, "{}\n", l.text("summary-attainment", &attainment));

        let _ = writeln!(out, "{}", l.text("summary-per-rule", &[]));
        let width = self.rules.iter().map(|r| r.id.len()).max().unwrap_or(4).max(4);
        let refs_width = self.rules.iter().map(|r| r.refs.join(",").len()).max().unwrap_or(4).clamp(4, 28);
        let _ = writeln!(
            out,
            "  {}  {}  {}  {}  {}  {}  {}",
            col("summary-rule", width),
            col("summary-refs", refs_width),
            num("summary-pass", 7),
            num("summary-fail", 6),
            num("summary-late", 5),
            num("summary-open", 5),
            num("summary-attain", 7)
        );
        for r in &self.rules {
            let _ = writeln!(
                out,
                "  {:<width$}  {:<refs_width$}  {:>7}  {:>6}  {:>5}  {:>5}  {:>7}  {}",
                r.id,
                ellipsis(&r.refs.join(","), refs_width),
                r.tally.pass,
                r.tally.fail,
                r.tally.warning,
                r.tally.pending,
                percent(&r.tally),
                bar(r.tally.attainment(), 20)
            );
        }

        let top = self.top_failing(5);
        if !top.is_empty() {
            let _ = writeln!(out, "\n{}", l.text("summary-failed-most", &[]));
            for (i, r) in top.iter().enumerate() {
                let share = r.tally.fail as f64 / judged(&r.tally).max(1) as f64 * 100.0;
                let failed = [
                    ("n", Arg::Count(i as u64 + 1)),
                    ("rule", txt(r.id.clone())),
                    ("refs", txt(r.refs.join(", "))),
                    ("failures", txt(thousands(r.tally.fail))),
                    ("share", txt(format!("{share:.1}"))),
                ];
                let _ = writeln!(out, "  {}", l.text("summary-failed-line", &failed));
                if let Some(example) = &r.example {
                    let example = l
                        .message(&r.example_text)
                        .filter(|_| l.locale() != Locale::En)
                        .unwrap_or_else(|| example.clone());
                    let _ = writeln!(out, "     {}", l.text("summary-example", &[("example", txt(example))]));
                }
            }
        }

        if !self.phases.is_empty() {
            let _ = writeln!(out, "\n{}", l.text("summary-per-phase", &[]));
            let width = self.phases.iter().map(|p| p.id.len()).max().unwrap_or(5).max(5);
            let _ = writeln!(
                out,
                "  {}  {}  {}  {}  {}",
                col("summary-phase", width),
                num("summary-pass", 7),
                num("summary-fail", 6),
                num("summary-attain", 7),
                l.text("summary-worst", &[])
            );
            for p in &self.phases {
                let worst = p.worst.as_ref().map_or(String::new(), |(r, n)| format!("{r} ({n})"));
                let _ = writeln!(
                    out,
                    "  {:<width$}  {:>7}  {:>6}  {:>7}  {worst}",
                    p.id,
                    p.tally.pass,
                    p.tally.fail,
                    percent(&p.tally)
                );
            }
        }

        let _ = writeln!(out, "\n{}", l.text("summary-per-person", &[]));
        let mut shown: Vec<&PersonLine> = self.persons.iter().collect();
        if shown.len() > ALL_PEOPLE_UP_TO {
            shown.sort_by(|a, b| {
                let key = |p: &PersonLine| p.tally.attainment().unwrap_or(1.0);
                key(a).total_cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
            });
            let lowest: Vec<_> = shown.iter().take(10).copied().collect();
            let highest: Vec<_> = shown.iter().rev().take(5).rev().copied().collect();
            let of = [("people", Arg::Count(self.persons.len() as u64))];
            let _ = writeln!(out, "  {}", l.text("summary-lowest-highest", &of));
            shown = lowest.into_iter().chain(highest).collect();
        }
        let width = shown.iter().map(|p| p.id.len()).max().unwrap_or(6).max(6);
        let attrs_width = shown.iter().map(|p| p.attrs.len()).max().unwrap_or(5).max(5);
        let _ = writeln!(
            out,
            "  {}  {}  {}  {}  {}  {}",
            col("summary-person", width),
            col("summary-attrs", attrs_width),
            num("summary-pass", 6),
            num("summary-fail", 5),
            num("summary-attain", 7),
            l.text("summary-worst", &[])
        );
        for p in shown {
            let worst = p.worst.as_ref().map_or(String::new(), |(r, n)| format!("{r} ({n})"));
            let _ = writeln!(
                out,
                "  {:<width$}  {:<attrs_width$}  {:>6}  {:>5}  {:>7}  {worst}",
                p.id,
                p.attrs,
                p.tally.pass,
                p.tally.fail,
                percent(&p.tally)
            );
        }

        if !self.teams.is_empty() {
            let _ = writeln!(out, "\n{}", l.text("summary-per-team", &[]));
            let width = self.teams.iter().map(|t| t.id.len()).max().unwrap_or(4).max(4);
            let chief_width = self.teams.iter().map(|t| t.chief.len()).max().unwrap_or(5).max(5);
            let _ = writeln!(
                out,
                "  {}  {}  {}  {}  {}  {}  {}",
                col("summary-team", width),
                col("summary-chief", chief_width),
                num("summary-members", 7),
                num("summary-pass", 6),
                num("summary-fail", 5),
                num("summary-attain", 7),
                l.text("summary-worst", &[])
            );
            for t in &self.teams {
                let worst = t.worst.as_ref().map_or(String::new(), |(r, n)| format!("{r} ({n})"));
                let _ = writeln!(
                    out,
                    "  {:<width$}  {:<chief_width$}  {:>7}  {:>6}  {:>5}  {:>7}  {worst}",
                    t.id,
                    t.chief,
                    t.members,
                    t.tally.pass,
                    t.tally.fail,
                    percent(&t.tally)
                );
            }
        }
        out
    }
}

fn ellipsis(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_and_numbers() {
        assert_eq!(bar(Some(1.0), 4), "████");
        assert_eq!(bar(Some(0.5), 4), "██");
        assert_eq!(bar(Some(0.0625), 2), "▏");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(12), "12");
        assert_eq!(ellipsis("T77-10,T77-21", 8), "T77-10,…");
    }
}
