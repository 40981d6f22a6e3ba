//! Jupyter notebooks: the text a reader sees, not the JSON that holds it. Each cell's source
//! and each text output is a member of the notebook (`nb.ipynb!/cell-3`,
//! `nb.ipynb!/cell-3/output-1`), so a finding's line is the line inside the cell, and a
//! secret that JSON escapes (`\"`, `\n`) reads as it was typed.
use serde_json::Value;

/// The members of a notebook, in order; None if `bytes` is not a notebook's JSON.
pub fn cells(bytes: &[u8]) -> Option<Vec<(String, String)>> {
    let notebook: Value = serde_json::from_slice(bytes).ok()?;
    let cells = notebook.get("cells")?.as_array()?;
    let mut members = Vec::new();
    for (i, cell) in cells.iter().enumerate() {
        let name = format!("cell-{}", i + 1);
        if let Some(source) = cell.get("source").and_then(text) {
            members.push((name.clone(), source));
        }
        let outputs = cell.get("outputs").and_then(Value::as_array);
        for (j, output) in outputs.into_iter().flatten().enumerate() {
            let data = output.get("data");
            let shown = output
                .get("text")
                .or_else(|| data.and_then(|d| d.get("text/plain")))
                .and_then(text);
            if let Some(shown) = shown {
                members.push((format!("{name}/output-{}", j + 1), shown));
            }
        }
    }
    Some(members)
}

/// A notebook's multi-line string: one string, or a list of lines.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Array(lines) => Some(lines.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_text_outputs_are_members_in_order() {
        let nb = r##"{"cells": [
            {"cell_type": "markdown", "source": "# Title"},
            {"cell_type": "code", "source": ["import os\n", "key = \"abc\"\n"],
             "outputs": [{"output_type": "stream", "text": ["printed\n"]},
                         {"output_type": "execute_result", "data": {"text/plain": ["'value'"]}},
                         {"output_type": "display_data", "data": {"image/png": "iVBOR"}}]}
        ], "metadata": {}, "nbformat": 4}"##;
        assert_eq!(
            cells(nb.as_bytes()).unwrap(),
            vec![
                ("cell-1".into(), "# Title".into()),
                ("cell-2".into(), "import os\nkey = \"abc\"\n".into()),
                ("cell-2/output-1".into(), "printed\n".into()),
                ("cell-2/output-2".into(), "'value'".into()),
            ]
        );
        assert_eq!(cells(b"{\"not\": \"a notebook\"}"), None);
        assert_eq!(cells(b"not json"), None);
    }
}
