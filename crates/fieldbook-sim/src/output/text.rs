//! Events and findings as text: `events.jsonl`, one event a line in the format
//! [`fieldbook_core::track::read_events`] reads, and `findings.csv`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use fieldbook_core::{Event, Finding};

/// The two text files being written.
pub(crate) struct TextFiles {
    events: BufWriter<File>,
    findings: csv::Writer<BufWriter<File>>,
}

impl TextFiles {
    /// New files at `events` and `findings`, the CSV with its header.
    pub(crate) fn create(events: &Path, findings: &Path) -> std::io::Result<Self> {
        let mut findings = csv::Writer::from_writer(BufWriter::new(File::create(findings)?));
        findings.write_record([
            "rule",
            "refs",
            "person",
            "customer",
            "team",
            "status",
            "window_start",
            "window_end",
            "expected",
            "actual",
            "events",
            "message",
        ])?;
        Ok(Self { events: BufWriter::new(File::create(events)?), findings })
    }

    /// Writes an event's line.
    pub(crate) fn event(&mut self, event: &Event) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.events, event)?;
        self.events.write_all(b"\n")
    }

    /// Writes a finding's row.
    pub(crate) fn finding(&mut self, finding: &Finding) -> std::io::Result<()> {
        self.findings.write_record([
            finding.rule.as_str(),
            &finding.refs.join(";"),
            &finding.person,
            finding.customer.as_deref().unwrap_or_default(),
            finding.team.as_deref().unwrap_or_default(),
            &finding.status.to_string(),
            &finding.window.start.to_rfc3339(),
            &finding.window.end.to_rfc3339(),
            &finding.expected,
            &finding.actual,
            &finding.events.join(" "),
            &finding.message,
        ])?;
        Ok(())
    }

    /// Flushes both files.
    pub(crate) fn finish(mut self) -> std::io::Result<()> {
        self.events.flush()?;
        self.findings.flush()?;
        Ok(())
    }
}
