//! The JSON Schema of the playbook format, generated from the model types.

use crate::spec::PlaybookSpec;

/// The JSON Schema (draft 2020-12) of a playbook document, for editors that complete and
/// check TOML against a schema.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(PlaybookSpec)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_schema_describes_every_section() {
        let schema = super::json_schema();
        let properties = schema["properties"].as_object().expect("top-level properties");
        for section in [
            "playbook",
            "calendar",
            "roles",
            "phases",
            "steps",
            "duties",
            "procedures",
            "quotas",
            "triggers",
            "event_kinds",
        ] {
            assert!(properties.contains_key(section), "{section} missing");
        }
        assert_eq!(schema["additionalProperties"], serde_json::Value::Bool(false));
    }
}
