//! The month summary as text for a terminal: the headline, attainment per rule with its
//! source facts, the rules failed most, the phases, and the people.

use std::fmt::Write;

use fieldbook_core::track::Tally;

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
    /// The summary as text for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let t = &self.total;
        let _ = writeln!(out, "{} — {}", self.playbook, self.title);
        let _ = writeln!(
            out,
            "{} · {} people · seed {} · {} events · {} findings",
            self.month,
            self.people,
            self.seed,
            thousands(self.totals.events),
            thousands(self.totals.findings)
        );
        let _ = writeln!(
            out,
            "Attainment {} (pass {}, fail {}, late {}, still open {}, excused {})\n",
            percent(t),
            thousands(t.pass),
            thousands(t.fail),
            thousands(t.warning),
            thousands(t.pending),
            thousands(t.excused)
        );

        let _ = writeln!(out, "Attainment per rule");
        let width = self.rules.iter().map(|r| r.id.len()).max().unwrap_or(4).max(4);
        let refs_width = self.rules.iter().map(|r| r.refs.join(",").len()).max().unwrap_or(4).clamp(4, 28);
        let _ = writeln!(
            out,
            "  {:<width$}  {:<refs_width$}  {:>7}  {:>6}  {:>5}  {:>5}  {:>7}",
            "rule", "refs", "pass", "fail", "late", "open", "attain"
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
            let _ = writeln!(out, "\nRules failed most");
            for (i, r) in top.iter().enumerate() {
                let share = r.tally.fail as f64 / judged(&r.tally).max(1) as f64 * 100.0;
                let _ = writeln!(
                    out,
                    "  {}. {} [{}]: {} failures ({share:.1}% of its findings)",
                    i + 1,
                    r.id,
                    r.refs.join(", "),
                    thousands(r.tally.fail)
                );
                if let Some(example) = &r.example {
                    let _ = writeln!(out, "     e.g. {example}");
                }
            }
        }

        if !self.phases.is_empty() {
            let _ = writeln!(out, "\nPer phase (findings within a day, by the day; longer windows apart)");
            let width = self.phases.iter().map(|p| p.id.len()).max().unwrap_or(5).max(5);
            let _ = writeln!(out, "  {:<width$}  {:>7}  {:>6}  {:>7}  failed most", "phase", "pass", "fail", "attain");
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

        let _ = writeln!(out, "\nPer person");
        let mut shown: Vec<&PersonLine> = self.persons.iter().collect();
        if shown.len() > ALL_PEOPLE_UP_TO {
            shown.sort_by(|a, b| {
                let key = |p: &PersonLine| p.tally.attainment().unwrap_or(1.0);
                key(a).total_cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
            });
            let lowest: Vec<_> = shown.iter().take(10).copied().collect();
            let highest: Vec<_> = shown.iter().rev().take(5).rev().copied().collect();
            let _ = writeln!(out, "  (the 10 lowest and 5 highest of {} people by attainment)", self.persons.len());
            shown = lowest.into_iter().chain(highest).collect();
        }
        let width = shown.iter().map(|p| p.id.len()).max().unwrap_or(6).max(6);
        let attrs_width = shown.iter().map(|p| p.attrs.len()).max().unwrap_or(5).max(5);
        let _ = writeln!(
            out,
            "  {:<width$}  {:<attrs_width$}  {:>6}  {:>5}  {:>7}  failed most",
            "person", "attrs", "pass", "fail", "attain"
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
            let _ = writeln!(out, "\nPer team (quotas counted per team; not on the chief's line)");
            let width = self.teams.iter().map(|t| t.id.len()).max().unwrap_or(4).max(4);
            let chief_width = self.teams.iter().map(|t| t.chief.len()).max().unwrap_or(5).max(5);
            let _ = writeln!(
                out,
                "  {:<width$}  {:<chief_width$}  {:>7}  {:>6}  {:>5}  {:>7}  failed most",
                "team", "chief", "members", "pass", "fail", "attain"
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
