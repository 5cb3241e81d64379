//! The JSON Schema of the playbook format, generated from the model types, and the schema
//! of an overlay derived from it.

use serde_json::{Map, Value, json};

use crate::spec::PlaybookSpec;

/// The JSON Schema (draft 2020-12) of a playbook document, for editors that complete and
/// check TOML against a schema.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(PlaybookSpec)).unwrap_or_default()
}

/// The JSON Schema of an overlay: a playbook that `extends` another and writes only what
/// it changes. It is [`json_schema`] with nothing required but `[playbook] extends` and
/// the `id` of list elements (elements merge by id), and with `remove = true` allowed on
/// every table (an element removed). Keys and types are checked as in a playbook.
pub fn overlay_json_schema() -> serde_json::Value {
    let mut schema = json_schema();
    schema["title"] = json!("fieldbook playbook overlay");
    schema["description"] = json!("A playbook that `extends` another: only what it changes, adds or removes.");
    schema["required"] = json!(["playbook"]);
    if let Some(Value::Object(defs)) = schema.get_mut("$defs") {
        for (name, def) in defs.iter_mut() {
            let Value::Object(def) = def else { continue };
            if name == "Meta" {
                def.insert("required".into(), json!(["extends"]));
            } else {
                loosen(def);
            }
        }
    }
    schema
}

/// A struct's schema as an overlay writes it: only its `id` required, `remove` allowed.
fn loosen(def: &mut Map<String, Value>) {
    let Some(Value::Object(properties)) = def.get_mut("properties") else { return };
    let has_id = properties.contains_key("id");
    properties.insert(
        "remove".into(),
        json!({ "description": "Removes this element of the base playbook.", "type": "boolean" }),
    );
    if has_id {
        def.insert("required".into(), json!(["id"]));
    } else {
        def.remove("required");
    }
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

    #[test]
    fn an_overlay_requires_only_extends_and_the_ids_of_elements() {
        let schema = super::overlay_json_schema();
        assert_eq!(schema["required"], serde_json::json!(["playbook"]));
        assert_eq!(schema["$defs"]["Meta"]["required"], serde_json::json!(["extends"]));
        assert_eq!(schema["$defs"]["StepSpec"]["required"], serde_json::json!(["id"]));
        assert_eq!(schema["$defs"]["StepSpec"]["properties"]["remove"]["type"], "boolean");
        assert_eq!(schema["$defs"]["StepSpec"]["additionalProperties"], false);
    }
}
